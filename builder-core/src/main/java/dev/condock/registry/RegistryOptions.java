package dev.condock.registry;

import dev.condock.util.Retry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How to reach registries. {@code insecureHosts}: host[:port] allowed plain http (and unverified TLS), nothing
 * else is; {@code caFiles}: PEM certificates trusted in addition to the system store; {@code environment}: where
 * CONDOCK_REGISTRY_USER/PASSWORD and DOCKER_CONFIG/HOME are read (the process environment outside tests).
 */
public record RegistryOptions(
        Set<String> insecureHosts,
        List<Path> caFiles,
        Map<String, String> environment,
        Retry.Policy retry,
        int parallelUploads) {

    public RegistryOptions {
        insecureHosts = Set.copyOf(insecureHosts);
        caFiles = List.copyOf(caFiles);
        environment = Map.copyOf(environment);
    }

    public static RegistryOptions defaults() {
        return new RegistryOptions(Set.of(), List.of(), System.getenv(), Retry.Policy.DEFAULT, 4);
    }

    public RegistryOptions withInsecure(Set<String> hosts) {
        return new RegistryOptions(hosts, caFiles, environment, retry, parallelUploads);
    }

    public RegistryOptions withCaFiles(List<Path> files) {
        return new RegistryOptions(insecureHosts, files, environment, retry, parallelUploads);
    }

    public RegistryOptions withEnvironment(Map<String, String> env) {
        return new RegistryOptions(insecureHosts, caFiles, env, retry, parallelUploads);
    }

    public RegistryOptions withRetry(Retry.Policy policy) {
        return new RegistryOptions(insecureHosts, caFiles, environment, policy, parallelUploads);
    }

    public RegistryOptions withParallelUploads(int n) {
        return new RegistryOptions(insecureHosts, caFiles, environment, retry, n);
    }

    /** Named by --insecure-registry / condock.yaml, or in CONDOCK_INSECURE_REGISTRIES (comma-separated, for CI). */
    public boolean isInsecure(String host) {
        if (insecureHosts.contains(host)) {
            return true;
        }
        String fromEnv = environment.getOrDefault("CONDOCK_INSECURE_REGISTRIES", "");
        return java.util.Arrays.stream(fromEnv.split(",")).map(String::strip).anyMatch(host::equals);
    }
}

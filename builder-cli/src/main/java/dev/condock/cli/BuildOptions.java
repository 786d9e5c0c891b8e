package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Everything {@code build} takes, as one mixin: {@code plan} takes the same (it shows what that build would make),
 * and both map it onto the same {@link BuildRequest}.
 */
final class BuildOptions {
    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SPEC",
            description = "condock.yaml, a directory holding one, or an environment.yml to solve and build")
    Path spec;

    @Option(names = "--lock", paramLabel = "FILE", description = "@EXPLICIT file or conda-lock.yml")
    Path lock;

    @Option(
            names = {"-f", "--environment-file"},
            paramLabel = "FILE",
            description = "environment file to solve (as conda's -f; overrides the spec's environment and lock)")
    Path file;

    @Option(
            names = "--allow-stale-lock",
            description = "build from a spec's lock even when its environment file "
                    + "changed since it was locked (default: refuse, exit 2)")
    boolean allowStaleLock;

    @Option(
            names = "--to",
            paramLabel = "TARGET",
            description = "oci:DIR[:TAG], docker-archive:FILE[:NAME:TAG], or a registry HOST[:PORT]/REPO[:TAG] "
                    + "(docker:// accepted); repeatable, every target gets the same image (default: the spec's tags)")
    List<String> to = new ArrayList<>();

    @Option(
            names = "--platform",
            paramLabel = "SUBDIR",
            description = "conda subdir, repeatable: several build an image index (default: the spec's or linux-64)")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--prefix", description = "prefix in the image (default: the spec's or /opt/conda)")
    String prefix;

    @Option(
            names = "--base",
            description = "scratch, oci:DIR[:TAG] or a registry reference (default: the spec's or scratch)")
    String base;

    @Option(
            names = "--compression",
            description = "gzip, zstd or estargz (gzip laid out for lazy pulling by stargz-snapshotter; every gzip "
                    + "consumer still reads it) (default: the spec's or gzip)")
    String compression;

    @Option(
            names = "--prefetch",
            paramLabel = "PATH",
            description = "with --compression estargz: an absolute image path written first in its layer and "
                    + "prefetched when a container starts (repeatable; replaces the spec's layers.prefetch)")
    List<String> prefetch = new ArrayList<>();

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "image environment variable (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "image label (repeatable)")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(
            names = "--virtual-package",
            paramLabel = "NAME=VERSION",
            description = "virtual package the target offers, e.g. __cuda=12.4 (repeatable)")
    Map<String, String> virtualPackages = new LinkedHashMap<>();

    @Option(names = "--entrypoint", paramLabel = "ARG", description = "image entrypoint (repeat for each argument)")
    List<String> entrypoint;

    @Option(names = "--cmd", paramLabel = "ARG", description = "image cmd (repeat for each argument)")
    List<String> cmd;

    @Option(names = "--workdir", description = "image working directory")
    String workdir;

    @Option(names = "--user", description = "image user")
    String user;

    @Option(names = "--threads", description = "parallel work (default: number of CPUs)")
    Integer threads;

    @Option(names = "--digest-file", paramLabel = "FILE", description = "write the image digest here")
    Path digestFile;

    @Option(
            names = "--cache",
            paramLabel = "DIR",
            description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
    Path cache;

    @Option(names = "--debug", description = "stack traces on errors")
    boolean debug;

    @Option(
            names = "--lock-out",
            paramLabel = "FILE",
            description = "where a build that solved writes its @EXPLICIT "
                    + "lock (default: conda-lock.explicit.txt beside --digest-file, else beside the environment file; "
                    + "several platforms add .<platform>)")
    Path lockOut;

    @Option(
            names = "--sbom",
            paramLabel = "FORMAT",
            description =
                    "SBOM the image records: spdx (SPDX 2.3 JSON, default), cyclonedx (CycloneDX 1.6 JSON) or none")
    String sbom;

    @Option(
            names = "--from-image",
            paramLabel = "IMAGE",
            description = "rebuild an image from its own record (environment + condock.yaml, or its lock; prefix, "
                    + "platform and created time from its labels) and report whether the digest is identical")
    String fromImage;

    @Option(
            names = "--sign-key",
            paramLabel = "KEY",
            description = "sign every registry target (cosign key-based format) with this PEM private key; "
                    + "password from CONDOCK_KEY_PASSWORD")
    Path signKey;

    @Option(
            names = "--json",
            description = "print a JSON summary (digest, size, per-registry pushes) instead of the digest")
    boolean json;

    @Option(
            names = "--file",
            paramLabel = "SRC:DEST",
            description = "app files into the image at DEST (a file, "
                    + "directory or glob; SRC relative to the spec's directory, else the current one; .condockignore or "
                    + ".dockerignore there applies); repeatable, after the spec's files:")
    List<String> files = new ArrayList<>();

    @Option(
            names = "--test",
            paramLabel = "CMD",
            description = "run CMD (with /bin/sh -c) in the built image "
                    + "before any registry push; a failure pushes nothing (exit 1); repeatable, after the spec's test:")
    List<String> tests = new ArrayList<>();

    @Option(
            names = "--test-runtime",
            defaultValue = "auto",
            paramLabel = "RUNTIME",
            description = "runtime for --test: auto, podman, docker or runc (default: ${DEFAULT-VALUE})")
    String testRuntime;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Mixin
    LayerOptions layers = new LayerOptions();

    @Mixin
    ChannelOptions channels = new ChannelOptions();

    @Mixin
    PipFlags pip = new PipFlags();

    /** Flags onto the request; the spec's values, precedence and defaults are the request builder's business. */
    BuildRequest request() throws CondockException {
        BuildRequest.Builder b = BuildRequest.builder();
        if (spec != null) {
            b.spec(spec);
        }
        if (lock != null) {
            b.lock(lock);
        }
        if (fromImage != null) {
            b.fromImage(fromImage);
        }
        if (file != null) {
            b.environment(file);
        }
        b.allowStaleLock(allowStaleLock);
        b.platforms(platforms)
                .to(to)
                .prefix(prefix)
                .base(base)
                .compression(compression)
                .prefetch(prefetch)
                .env(env)
                .labels(labels)
                .virtualPackages(virtualPackages)
                .entrypoint(entrypoint)
                .cmd(cmd)
                .workdir(workdir)
                .user(user)
                .registry(registry.options())
                .lockOut(lockOut)
                .digestFile(digestFile)
                .cacheRoot(cache)
                .maxLayers(layers.maxLayers)
                .layerThreshold(layers.thresholdBytes())
                .solve(channels.settings(0, null))
                .pipIndex(pip.settings());
        if (sbom != null) { // unset: spdx, or for --from-image the image's own format
            b.sbom(dev.condock.provenance.SbomFormat.parse(sbom));
        }
        b.signKey(signKey);
        if (threads != null) {
            b.threads(threads);
        }
        AppOptions.apply(b, spec, files, tests, testRuntime);
        return b.build();
    }
}

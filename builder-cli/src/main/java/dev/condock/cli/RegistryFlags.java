package dev.condock.cli;

import dev.condock.registry.RegistryOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** The registry options a command that pushes or pulls takes (a picocli mixin). */
public final class RegistryFlags {
    @Option(
            names = "--registry-ca",
            paramLabel = "FILE",
            description = "PEM CA certificate trusted for registries, besides the system store (repeatable)")
    List<Path> caFiles = new ArrayList<>();

    @Option(
            names = "--insecure-registry",
            paramLabel = "HOST[:PORT]",
            description = "Registry allowed plain http or unverified TLS (repeatable); credentials are sent to it too")
    List<String> insecure = new ArrayList<>();

    public RegistryOptions options() {
        return RegistryOptions.defaults().withCaFiles(caFiles).withInsecure(new HashSet<>(insecure));
    }
}

package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class RegistryFlagsTest {
    @Test
    void flagsBecomeRegistryOptions() {
        BuildCommand cmd = new BuildCommand();
        new CommandLine(cmd)
                .parseArgs(
                        "--lock",
                        "x",
                        "--to",
                        "127.0.0.1:5000/a:1",
                        "--registry-ca",
                        "/ca1.pem",
                        "--registry-ca",
                        "/ca2.pem",
                        "--insecure-registry",
                        "127.0.0.1:5000",
                        "--insecure-registry",
                        "reg:80");
        RegistryOptions o = cmd.options.registry.options();
        assertEquals(List.of(Path.of("/ca1.pem"), Path.of("/ca2.pem")), o.caFiles());
        assertEquals(Set.of("127.0.0.1:5000", "reg:80"), o.insecureHosts());
        assertTrue(o.isInsecure("127.0.0.1:5000"));
    }

    @Test
    void jsonSummaryOnStdoutForLocalTargets(@TempDir Path dir) throws Exception {
        Path lock = Fixtures.channelAndLock(dir, ArchiveFormat.CONDA);
        Fixtures.Run r = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--to",
                "oci:" + dir.resolve("o") + ":t",
                "--cache",
                dir.resolve("cache").toString(),
                "--json");
        assertEquals(0, r.exit(), r.err());
        var json = Json.CANONICAL.readTree(r.out());
        assertTrue(json.get("digest").asText().startsWith("sha256:"), r.out());
        assertEquals(0, json.get("pushes").size());
    }
}

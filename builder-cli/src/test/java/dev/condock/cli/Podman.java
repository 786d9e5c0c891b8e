package dev.condock.cli;

import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Rootful podman with its own storage, set up as this machine kind needs (../shared/e2e-reference): runc, lowered
 * ulimits, cgroupfs, no network. Images come straight from an OCI layout (podman's oci: transport).
 */
final class Podman {
    record Result(int exit, String output) {}

    private final Path dir;

    private Podman(Path dir) {
        this.dir = dir;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder("sh", "-c", "[ \"$(id -u)\" = 0 ] && command -v podman && command -v runc")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Podman create() throws IOException {
        // podman refuses a --runroot longer than 50 characters, so not under a JUnit temp dir
        Path d = Scratch.shortDir("cdpod");
        Files.writeString(
                d.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", "
                        + "\"nproc=4096:4096\"]\nnetns = \"none\"\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"
                        + "events_logger = \"file\"\n");
        Files.writeString(d.resolve("registries.conf"), "unqualified-search-registries = []\n");
        return new Podman(d);
    }

    Result run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "podman",
                "--root",
                dir.resolve("root").toString(),
                "--runroot",
                dir.resolve("run").toString(),
                "--tmpdir",
                dir.resolve("tmp").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("CONTAINERS_CONF", dir.resolve("containers.conf").toString());
        pb.environment()
                .put(
                        "CONTAINERS_REGISTRIES_CONF",
                        dir.resolve("registries.conf").toString());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(124, new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Removes podman's storage (its overlay mounts first, through podman itself). */
    void close() throws Exception {
        run("system", "reset", "--force");
        Scratch.delete(dir);
    }
}

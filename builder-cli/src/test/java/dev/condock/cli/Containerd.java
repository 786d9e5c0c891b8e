package dev.condock.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private containerd (its own root, state and socket), started and stopped by its own process handle, driven
 * with ctr: images come in as an OCI archive of an image layout ({@code ctr images import}).
 */
final class Containerd implements AutoCloseable {
    private final Path dir;
    private final Process process;

    private Containerd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    static boolean available() {
        try {
            Process p = new ProcessBuilder(
                            "sh",
                            "-c",
                            "[ \"$(id -u)\" = 0 ] && command -v containerd && command -v ctr" + " && command -v runc")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Containerd start(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("config.toml"),
                "version = 2\nroot = \"" + dir.resolve("root") + "\"\nstate = \""
                        + dir.resolve("state") + "\"\n[grpc]\n  address = \"" + dir.resolve("sock") + "\"\n"
                        + "[plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"" + dir.resolve("opt") + "\"\n");
        Process p = new ProcessBuilder(
                        "containerd", "--config", dir.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("log").toFile())
                .start();
        for (int i = 0; i < 100 && !Files.exists(dir.resolve("sock")); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(dir.resolve("sock"))) {
            p.destroy();
            throw new IllegalStateException("containerd did not start: " + Files.readString(dir.resolve("log")));
        }
        return new Containerd(dir, p);
    }

    Podman.Result ctr(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("ctr", "-a", dir.resolve("sock").toString(), "-n", "condock"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Podman.Result(124, new String(out, StandardCharsets.UTF_8));
        }
        return new Podman.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    /** Imports every tag of an OCI image layout as {@code baseName:TAG}. */
    Podman.Result importLayout(Path layout, String baseName) throws Exception {
        Path tar = dir.resolve("import.tar");
        BuildCommandTest.sh(dir, "tar", "-C", layout.toString(), "-cf", tar.toString(), ".");
        return ctr("images", "import", "--base-name", baseName, tar.toString());
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}

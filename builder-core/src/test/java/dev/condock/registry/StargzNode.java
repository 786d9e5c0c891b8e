package dev.condock.registry;

import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A lazy-pulling node: containerd-stargz-grpc (FUSE) as containerd's "stargz" proxy snapshotter, both on sockets
 * under {@code dir}, pulling from one plain-http registry. No background fetch, so what was fetched when a container
 * started is what starting it needed (and the prefetch). Stopped by PID; on close its FUSE mounts are unmounted
 * and {@code dir} is removed.
 */
final class StargzNode implements AutoCloseable {
    private final Path dir;
    private Process grpc;
    private Process containerd;

    private StargzNode(Path dir) {
        this.dir = dir;
    }

    static StargzNode start(Path dir, String registryHostPort) throws Exception {
        StargzNode n = new StargzNode(dir);
        try {
            n.startAll(registryHostPort);
        } catch (Exception | Error e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void startAll(String registry) throws Exception {
        Path sg = dir.resolve("stargz");
        Files.createDirectories(sg);
        Files.writeString(
                sg.resolve("config.toml"),
                "no_background_fetch = true\n[[resolver.host.\"" + registry + "\".mirrors]]\n  host = \"" + registry
                        + "\"\n  insecure = true\n");
        grpc = new ProcessBuilder(
                        "containerd-stargz-grpc",
                        "--address",
                        sg.resolve("sock").toString(),
                        "--root",
                        sg.resolve("root").toString(),
                        "--config",
                        sg.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(sg.resolve("log").toFile())
                .start();
        waitFor(sg.resolve("sock"), grpc, sg.resolve("log"));
        Path c = dir.resolve("ctrd");
        Files.createDirectories(c);
        Files.writeString(
                c.resolve("config.toml"),
                "version = 2\nroot = \"" + c.resolve("root") + "\"\nstate = \"" + c.resolve("state") + "\"\n"
                        + "[grpc]\n  address = \"" + c.resolve("sock") + "\"\n"
                        + "[plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"" + c.resolve("opt") + "\"\n"
                        + "[proxy_plugins.stargz]\n  type = \"snapshot\"\n  address = \"" + sg.resolve("sock")
                        + "\"\n");
        containerd = new ProcessBuilder(
                        "containerd", "--config", c.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(c.resolve("log").toFile())
                .start();
        waitFor(c.resolve("sock"), containerd, c.resolve("log"));
    }

    private static void waitFor(Path sock, Process p, Path log) throws Exception {
        for (int i = 0; i < 200 && !Files.exists(sock) && p.isAlive(); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(sock)) {
            throw new IllegalStateException(
                    sock.getParent().getFileName() + " did not start: " + Files.readString(log));
        }
    }

    Tool.Result ctr(String... args) throws Exception {
        return tool("ctr", args);
    }

    Tool.Result ctrRemote(String... args) throws Exception {
        return tool("ctr-remote", args);
    }

    Tool.Result skopeoRaw(String ref) throws Exception {
        return Tool.run(dir, Map.of(), 60, "skopeo", "inspect", "--raw", "--tls-verify=false", "docker://" + ref);
    }

    private Tool.Result tool(String name, String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of(name, "-a", dir.resolve("ctrd/sock").toString()));
        cmd.addAll(List.of(args));
        return Tool.run(dir, Map.of(), 180, cmd.toArray(String[]::new));
    }

    /** The snapshotter's log, for a failure message. */
    String log() throws IOException {
        Path l = dir.resolve("stargz/log");
        String s = Files.exists(l) ? Files.readString(l) : "";
        return "\n--- containerd-stargz-grpc log (tail) ---\n" + s.substring(Math.max(0, s.length() - 6000));
    }

    @Override
    public void close() throws Exception {
        for (Process p : new Process[] {containerd, grpc}) {
            if (p != null) {
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        }
        // FUSE layer mounts and containerd's overlay mounts under dir are unmounted first, then all is removed
        Scratch.delete(dir);
    }
}

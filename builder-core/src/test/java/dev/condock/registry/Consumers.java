package dev.condock.registry;

import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The programs that run images on GPU nodes and HPC sites, driven as this machine kind needs them (see
 * ../shared/e2e-reference): skopeo + umoci + chroot (Apptainer's docker:// path), containerd's ctr with a
 * hosts.toml per registry, and podman with runc, low ulimits, no network and explicit --root/--runroot.
 * containerd is started and stopped by its own process handle. {@code dir} and podman's store are removed on close.
 */
final class Consumers implements AutoCloseable {
    private final Path dir;
    private Process containerd;
    private int timeout = 180;

    Consumers(Path dir) {
        this.dir = dir;
    }

    /** Seconds each podman/ctr command may take (a multi-GB image pulls and unpacks for minutes on a busy machine). */
    Consumers timeout(int seconds) {
        this.timeout = seconds;
        return this;
    }

    static boolean available() {
        return isRoot()
                && LocalRegistry.onPath("skopeo")
                && LocalRegistry.onPath("umoci")
                && LocalRegistry.onPath("containerd")
                && LocalRegistry.onPath("ctr")
                && LocalRegistry.onPath("podman")
                && LocalRegistry.onPath("runc");
    }

    static boolean isRoot() {
        try {
            return "0"
                    .equals(Tool.run(Path.of("."), Map.of(), 10, "id", "-u")
                            .output()
                            .trim());
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    Tool.Result skopeo(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("skopeo"));
        cmd.addAll(List.of(args));
        return Tool.run(dir, Map.of(), 120, cmd.toArray(String[]::new));
    }

    /** skopeo copy to an OCI layout, umoci unpack, then run {@code command} in the rootfs with chroot. */
    Tool.Result umociChroot(Mode mode, String ref, String... command) throws Exception {
        String layout = dir.resolve("umoci-oci").toString();
        List<String> copy = new ArrayList<>(List.of("copy", "--preserve-digests"));
        copy.add(mode.tls ? "--src-cert-dir=" + LocalRegistry.certDir() : "--src-tls-verify=false");
        if (mode.auth) {
            copy.add("--src-creds=" + LocalRegistry.USER + ":" + LocalRegistry.PASSWORD);
        }
        copy.add("docker://" + ref);
        copy.add("oci:" + layout + ":x");
        Tool.Result r = skopeo(copy.toArray(String[]::new));
        if (r.exit() != 0) {
            return r;
        }
        Path bundle = dir.resolve("umoci-bundle");
        r = Tool.run(dir, Map.of(), 120, "umoci", "unpack", "--image", layout + ":x", bundle.toString());
        if (r.exit() != 0) {
            return r;
        }
        List<String> chroot =
                new ArrayList<>(List.of("chroot", bundle.resolve("rootfs").toString()));
        chroot.addAll(List.of(command));
        return Tool.run(dir, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"), 60, chroot.toArray(String[]::new));
    }

    /** The root filesystem the last {@link #umociChroot} unpacked. */
    Path umociRootfs() {
        return dir.resolve("umoci-bundle").resolve("rootfs");
    }

    private Path ctrd() {
        return dir.resolve("ctrd");
    }

    void startContainerd() throws Exception {
        Path c = ctrd();
        Files.createDirectories(c.resolve("certs.d"));
        Files.writeString(
                c.resolve("config.toml"),
                "version = 2\nroot = \"" + c.resolve("root") + "\"\nstate = \""
                        + c.resolve("state") + "\"\n[grpc]\n  address = \"" + c.resolve("sock") + "\"\n"
                        + "[plugins.\"io.containerd.internal.v1.opt\"]\n  path = \"" + c.resolve("opt") + "\"\n");
        for (Mode m : Mode.values()) {
            String scheme = m.tls ? "https" : "http";
            Path hosts = c.resolve("certs.d").resolve(m.host());
            Files.createDirectories(hosts);
            Files.writeString(
                    hosts.resolve("hosts.toml"),
                    "server = \"" + scheme + "://" + m.host() + "\"\n[host.\""
                            + scheme + "://" + m.host() + "\"]\n  capabilities = [\"pull\", \"resolve\"]\n  ca = \""
                            + LocalRegistry.caFile() + "\"\n");
        }
        containerd = new ProcessBuilder(
                        "containerd", "--config", c.resolve("config.toml").toString())
                .redirectErrorStream(true)
                .redirectOutput(c.resolve("log").toFile())
                .start();
        for (int i = 0; i < 100 && !Files.exists(c.resolve("sock")); i++) {
            Thread.sleep(100);
        }
        if (!Files.exists(c.resolve("sock"))) {
            throw new IllegalStateException("containerd did not start: " + Files.readString(c.resolve("log")));
        }
    }

    Tool.Result ctr(String... args) throws Exception {
        List<String> cmd =
                new ArrayList<>(List.of("ctr", "-a", ctrd().resolve("sock").toString()));
        cmd.addAll(List.of(args));
        return Tool.run(dir, Map.of(), timeout, cmd.toArray(String[]::new));
    }

    String hostsDir() {
        return ctrd().resolve("certs.d").toString();
    }

    private Path podmanDir;

    Tool.Result podman(String... args) throws Exception {
        if (podmanDir == null) {
            // podman refuses a --runroot longer than 50 characters
            podmanDir = Scratch.shortDir("cdpod");
        }
        Path p = podmanDir;
        Path conf = p.resolve("containers.conf");
        if (!Files.exists(conf)) {
            Files.writeString(
                    conf,
                    "[containers]\ndefault_ulimits = [\"nofile=1024:1024\", \"nproc=4096:4096\"]\n"
                            + "netns = \"none\"\n[engine]\nruntime = \"runc\"\ncgroup_manager = \"cgroupfs\"\n"
                            + "events_logger = \"file\"\n");
            Files.writeString(p.resolve("registries.conf"), "unqualified-search-registries = []\n");
        }
        List<String> cmd = new ArrayList<>(List.of(
                "podman",
                "--root",
                p.resolve("root").toString(),
                "--runroot",
                p.resolve("run").toString(),
                "--tmpdir",
                p.resolve("tmp").toString()));
        cmd.addAll(List.of(args));
        return Tool.run(
                dir,
                Map.of(
                        "CONTAINERS_CONF",
                        conf.toString(),
                        "CONTAINERS_REGISTRIES_CONF",
                        p.resolve("registries.conf").toString()),
                timeout,
                cmd.toArray(String[]::new));
    }

    /** Stops containerd, empties podman's store through podman, and removes both directories. */
    @Override
    public void close() throws Exception {
        if (containerd != null) {
            containerd.destroy();
            if (!containerd.waitFor(10, TimeUnit.SECONDS)) {
                containerd.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        if (podmanDir != null) {
            podman("system", "reset", "--force");
            Scratch.delete(podmanDir);
        }
        Scratch.delete(dir);
    }
}

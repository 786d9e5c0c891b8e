package dev.condock.registry;

import dev.condock.testkit.Scratch;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code docker-registry} (distribution 2.8) on loopback, for end-to-end tests: plain http, TLS with a
 * generated self-signed CA, TLS + htpasswd, http + htpasswd, http + bearer tokens, each on a fixed port of
 * 5301-5307 that no other test
 * uses. Every process is started and stopped by its own handle (PID), and destroyed at JVM exit at the latest.
 */
final class LocalRegistry {
    static final String USER = "e2euser";
    static final String PASSWORD = "e2e-Secret-pw-71";

    enum Mode {
        HTTP(5301, false, false),
        TLS(5302, true, false),
        TLS_AUTH(5303, true, true),
        HTTP_AUTH(5304, false, true),
        /** A plain-http registry that tests stop and restart (the others stay up for the whole run). */
        RESTARTABLE(5305, false, false),
        /** Plain http with Docker token (bearer) auth; {@link TokenServer} on 5307 issues the tokens. */
        TOKEN(5306, false, true);

        final int port;
        final boolean tls;
        final boolean auth;

        Mode(int port, boolean tls, boolean auth) {
            this.port = port;
            this.tls = tls;
            this.auth = auth;
        }

        String host() {
            return "127.0.0.1:" + port;
        }
    }

    private static final Map<Mode, Process> RUNNING = new ConcurrentHashMap<>();
    private static Path work;
    /** Held while this JVM may run registries: other test JVMs on the machine (parallel suites) wait for it. */
    private static java.nio.channels.FileLock portsLock;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.keySet().forEach(LocalRegistry::stop)));
    }

    private LocalRegistry() {}

    /** Whether the tools are installed (scripts/test.sh installs them on CI); tests are skipped otherwise. */
    static boolean available() {
        return onPath("docker-registry") && onPath("openssl") && onPath("htpasswd");
    }

    static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool));
    }

    static synchronized Path work() throws IOException, InterruptedException {
        if (work == null) {
            Path dir = Scratch.dir("condock-registry-e2e");
            run(
                    dir,
                    "openssl",
                    "req",
                    "-x509",
                    "-newkey",
                    "rsa:2048",
                    "-nodes",
                    "-days",
                    "2",
                    "-subj",
                    "/CN=127.0.0.1",
                    "-addext",
                    "subjectAltName=IP:127.0.0.1,DNS:localhost",
                    "-keyout",
                    "key.pem",
                    "-out",
                    "cert.pem");
            Files.createDirectories(dir.resolve("certs.d"));
            Files.copy(dir.resolve("cert.pem"), dir.resolve("certs.d/ca.crt"));
            Files.writeString(dir.resolve("htpasswd"), run(dir, "htpasswd", "-Bbn", USER, PASSWORD));
            work = dir;
        }
        return work;
    }

    /** The CA's private key (signs bearer tokens in {@link TokenServer}). */
    static Path caKey() throws IOException, InterruptedException {
        return work().resolve("key.pem");
    }

    /** The CA certificate (the registry's self-signed certificate). */
    static Path caFile() throws IOException, InterruptedException {
        return work().resolve("cert.pem");
    }

    /** A directory with ca.crt, as skopeo's and podman's --cert-dir want it. */
    static Path certDir() throws IOException, InterruptedException {
        return work().resolve("certs.d");
    }

    static synchronized void start(Mode mode) throws IOException, InterruptedException {
        Process running = RUNNING.get(mode);
        if (running != null && running.isAlive()) {
            return;
        }
        lockPorts();
        // Someone outside the lock (an older checkout's test run) may still hold the port for a while.
        for (int i = 0; i < 600 && portOpen(mode.port); i++) {
            Thread.sleep(500);
        }
        if (portOpen(mode.port)) {
            throw new IllegalStateException("port " + mode.port + " is taken by another process; the registry "
                    + "end-to-end tests need 5301-5307 free");
        }
        Path dir = work();
        Path config = dir.resolve(mode.name().toLowerCase() + ".yml");
        List<String> yml = new ArrayList<>(List.of(
                "version: 0.1",
                "log: {level: info}",
                "storage: {filesystem: {rootdirectory: "
                        + dir.resolve("data-" + mode.name().toLowerCase()) + "}, " + "delete: {enabled: true}}",
                "http:",
                "  addr: " + mode.host()));
        if (mode.tls) {
            yml.add("  tls: {certificate: " + dir.resolve("cert.pem") + ", key: " + dir.resolve("key.pem") + "}");
        }
        if (mode == Mode.TOKEN) {
            yml.add("auth: {token: {realm: \"" + TokenServer.realm() + "\", service: " + TokenServer.SERVICE
                    + ", issuer: " + TokenServer.ISSUER + ", rootcertbundle: " + dir.resolve("cert.pem") + "}}");
        } else if (mode.auth) {
            yml.add("auth: {htpasswd: {realm: e2e, path: " + dir.resolve("htpasswd") + "}}");
        }
        Files.write(config, yml);
        Process p = new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve(mode.name().toLowerCase() + ".log").toFile()))
                .start();
        RUNNING.put(mode, p);
        for (int i = 0; i < 100 && !portOpen(mode.port); i++) {
            if (!p.isAlive()) {
                throw new IllegalStateException("docker-registry " + mode + " exited; see " + dir);
            }
            Thread.sleep(50);
        }
        if (!portOpen(mode.port)) {
            stop(mode);
            throw new IllegalStateException("docker-registry " + mode + " did not listen on " + mode.port);
        }
    }

    /**
     * The ports are fixed, so two test JVMs on one machine (engineers running suites side by side) would collide:
     * the first takes an OS file lock for its lifetime, the next waits for it (released at exit, even on a crash).
     */
    private static void lockPorts() throws IOException, InterruptedException {
        if (portsLock != null) {
            return;
        }
        java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(
                Path.of(System.getProperty("java.io.tmpdir"), "condock-e2e-registry-ports.lock"),
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(20);
        while ((portsLock = ch.tryLock()) == null) {
            if (System.nanoTime() > deadline) {
                ch.close();
                throw new IllegalStateException(
                        "another test run has held the registry ports 5301-5307 for 20 minutes");
            }
            Thread.sleep(500);
        }
    }

    /** Stops the registry of this mode by its PID and waits until it is gone. */
    static void stop(Mode mode) {
        Process p = RUNNING.remove(mode);
        if (p == null) {
            return;
        }
        p.destroy();
        try {
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static boolean portOpen(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs a command in {@code dir}, returns stdout+stderr, fails the test on a non-zero exit. */
    static String run(Path dir, String... command) throws IOException, InterruptedException {
        Tool.Result r = Tool.run(dir, Map.of(), 120, command);
        if (r.exit() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited " + r.exit() + ": " + r.output());
        }
        return r.output();
    }
}

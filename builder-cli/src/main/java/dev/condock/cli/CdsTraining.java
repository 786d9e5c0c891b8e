package dev.condock.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The training run behind the launcher's class-data archive (AppCDS, issue 15): the launcher runs this once per jar
 * under {@code -XX:ArchiveClassesAtExit}, so the classes a build, a cached rebuild, a push and a lock load are
 * archived, and later runs map them instead of loading and verifying them from the jar (start-up was most of a
 * no-op rebuild's time). Everything is offline: the quickstart's generated channel (served over loopback HTTP for
 * the lock) and a minimal in-process registry on loopback (just enough of the distribution API for a push). The launcher points CONDOCK_CACHE at a
 * temporary directory. Output goes nowhere; failures are ignored, since a partial training still archives what it
 * loaded.
 *
 * <p>Usage (the launcher's): {@code java -XX:ArchiveClassesAtExit=X -cp condock.jar dev.condock.cli.CdsTraining DIR}
 */
public final class CdsTraining {
    private CdsTraining() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        PrintStream out = System.out;
        PrintStream err = System.err;
        HttpServer registry = fakeRegistry();
        ServerSocket front = plainHttpFront(registry.getAddress().getPort());
        String host = "127.0.0.1:" + front.getLocalPort();
        try (PrintStream sink = new PrintStream(OutputStream.nullOutputStream())) {
            System.setOut(sink);
            System.setErr(sink);
            String lock = dir.resolve("quickstart.explicit.txt").toString();
            Main.run("quickstart", "--out", dir.toString());
            Main.run("build", "--lock", lock, "--to", "oci:" + dir.resolve("image") + ":latest");
            Main.run("build", "--lock", lock, "--compression", "zstd", "--to", "oci:" + dir.resolve("z") + ":1");
            Main.run("build", "--lock", lock, "--to", host + "/train/app:1", "--insecure-registry", host);
            Main.run("build", "--lock", lock, "--to", host + "/train/app:1", "--insecure-registry", host);
            Main.run("inspect", "oci:" + dir.resolve("image") + ":latest", "--json");
            // the channel over loopback HTTP, as users' channels are: a file:// channel would leave okhttp, okio,
            // kotlin and the trust store's classes (a third of a lock's start-up) out of the archive
            serveFiles(registry, "/channel/", dir.resolve("channel"));
            Path env = dir.resolve("environment.yml");
            Files.writeString(
                    env,
                    "channels: [http://127.0.0.1:" + registry.getAddress().getPort() + "/channel]\ndependencies:\n"
                            + "  - hello\n");
            Path condarc = dir.resolve("condarc");
            Files.writeString(condarc, "{}\n");
            Main.run(
                    "lock",
                    env.toString(),
                    "--condarc",
                    condarc.toString(),
                    "-o",
                    dir.resolve("lock.yml").toString());
            Main.run("plan", "--lock", lock);
            Main.run("--help");
            Main.run("build", "--no-such-flag");
        } finally {
            System.setOut(out);
            System.setErr(err);
            registry.stop(0);
            front.close();
        }
    }

    /**
     * An --insecure-registry push tries https first. The JDK's HttpServer never answers a TLS hello (it waits for a
     * request line), so each attempt would hang until jib's timeout; this front closes such a connection at once,
     * as a real plain-http registry's 400 does, and passes everything else through to {@code port}.
     */
    static ServerSocket plainHttpFront(int port) throws IOException {
        ServerSocket front = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(
                () -> {
                    while (!front.isClosed()) {
                        try {
                            Socket client = front.accept();
                            int first = client.getInputStream().read();
                            if (first == 0x16 || first < 0) { // a TLS handshake record
                                client.close();
                                continue;
                            }
                            Socket server = new Socket(InetAddress.getLoopbackAddress(), port);
                            server.getOutputStream().write(first);
                            pipe(client, server);
                            pipe(server, client);
                        } catch (IOException e) {
                            // closed at the end of the training, or one connection lost: nothing to keep
                        }
                    }
                },
                "cds-training-front");
        accept.setDaemon(true);
        accept.start();
        return front;
    }

    private static void pipe(Socket from, Socket to) {
        Thread t = new Thread(
                () -> {
                    try (from;
                            to) {
                        from.getInputStream().transferTo(to.getOutputStream());
                    } catch (IOException e) {
                        // the other side closed
                    }
                },
                "cds-training-pipe");
        t.setDaemon(true);
        t.start();
    }

    /** Serves the files under {@code root} at {@code prefix} (GET; 404 for what is not there, a .zst included). */
    static void serveFiles(HttpServer s, String prefix, Path root) {
        s.createContext(prefix, x -> {
            try (x) {
                Path f = root.resolve(x.getRequestURI().getPath().substring(prefix.length()))
                        .normalize();
                if (f.startsWith(root) && Files.isRegularFile(f)) {
                    reply(x, 200, Files.readAllBytes(f));
                } else {
                    reply(x, 404, new byte[0]);
                }
            }
        });
    }

    /** Blobs and manifests kept in memory; enough for jib's check, upload (POST, PATCH, PUT) and manifest PUT. */
    static HttpServer fakeRegistry() throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Map<String, byte[]> blobs = new ConcurrentHashMap<>();
        AtomicInteger uploads = new AtomicInteger();
        s.createContext("/", x -> {
            try (x) {
                String path = x.getRequestURI().getPath();
                String method = x.getRequestMethod();
                byte[] body = x.getRequestBody().readAllBytes();
                x.getResponseHeaders().add("Docker-Distribution-API-Version", "registry/2.0");
                if (path.equals("/v2/")) {
                    reply(x, 200, new byte[0]);
                } else if (path.contains("/blobs/uploads/")) {
                    String query = x.getRequestURI().getQuery();
                    if (method.equals("PUT") && query != null && query.contains("digest=")) {
                        String digest = query.substring(query.indexOf("digest=") + 7)
                                .split("&")[0]
                                .replace("%3A", ":");
                        blobs.put(digest, body);
                        x.getResponseHeaders().add("Docker-Content-Digest", digest);
                        reply(x, 201, new byte[0]);
                    } else {
                        String repo = path.substring(4, path.indexOf("/blobs/"));
                        x.getResponseHeaders()
                                .add("Location", "/v2/" + repo + "/blobs/uploads/u" + uploads.incrementAndGet());
                        reply(x, 202, new byte[0]);
                    }
                } else if (path.contains("/blobs/")) {
                    byte[] blob = blobs.get(path.substring(path.lastIndexOf('/') + 1));
                    if (blob == null) {
                        reply(x, 404, new byte[0]);
                    } else {
                        x.getResponseHeaders().add("Docker-Content-Digest", path.substring(path.lastIndexOf('/') + 1));
                        if (method.equals("HEAD")) {
                            x.getResponseHeaders().add("Content-Length", Integer.toString(blob.length));
                        }
                        reply(x, 200, method.equals("HEAD") ? null : blob);
                    }
                } else if (path.contains("/manifests/") && method.equals("PUT")) {
                    reply(x, 201, new byte[0]);
                } else {
                    reply(x, 404, new byte[0]);
                }
            }
        });
        s.start();
        return s;
    }

    private static void reply(HttpExchange x, int code, byte[] body) throws IOException {
        if (body == null) {
            x.sendResponseHeaders(code, -1);
        } else {
            x.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
            x.getResponseBody().write(body);
        }
    }
}

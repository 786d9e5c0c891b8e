package dev.condock.pipeline;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A channel directory served on loopback. With a token, only paths under {@code /t/<token>/} are served; with a
 * login, only requests carrying it as basic auth (anything else gets 401/403, so a test fails if the credential
 * does not arrive).
 */
final class ChannelServer implements AutoCloseable {
    final HttpServer server;
    final List<String> paths = new CopyOnWriteArrayList<>();
    final List<String> refused = new CopyOnWriteArrayList<>();

    ChannelServer(Path root, int port, String token, String basicAuth) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            paths.add(path);
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (basicAuth != null && !basicAuth.equals(auth)) {
                refused.add(path);
                ex.sendResponseHeaders(401, -1);
                ex.close();
                return;
            }
            if (token != null) {
                if (!path.startsWith("/t/" + token + "/")) {
                    refused.add(path);
                    ex.sendResponseHeaders(403, -1);
                    ex.close();
                    return;
                }
                path = path.substring(("/t/" + token).length());
            }
            Path f = root.resolve(path.substring(1)).normalize();
            if (!f.startsWith(root) || !Files.isRegularFile(f)) {
                ex.sendResponseHeaders(404, -1);
            } else {
                byte[] body = Files.readAllBytes(f);
                ex.sendResponseHeaders(200, body.length);
                ex.getResponseBody().write(body);
            }
            ex.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String rest) {
        return "http://127.0.0.1:" + port() + rest;
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** A loopback port nothing listens on (bound, then released). */
    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

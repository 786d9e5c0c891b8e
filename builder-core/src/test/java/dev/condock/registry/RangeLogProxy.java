package dev.condock.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A logging HTTP proxy on loopback in front of a plain-http registry: every request with its Range header and the
 * body bytes sent back, so a test can tell how much of an image a lazy puller fetched, and in which pieces.
 */
final class RangeLogProxy implements AutoCloseable {
    /** One answered request; {@code range} null when the client asked for the whole resource. */
    record Hit(String method, String path, String range, int status, long bytes) {}

    private static final Set<String> RESTRICTED =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String backend;
    private final List<Hit> hits = new ArrayList<>();
    private final AtomicLong blobBytes = new AtomicLong();

    RangeLogProxy(String backendHostPort) throws IOException {
        this.backend = backendHostPort;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
    }

    String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Body bytes of blob responses so far. */
    long blobBytes() {
        return blobBytes.get();
    }

    synchronized List<Hit> hits() {
        return List.copyOf(hits);
    }

    synchronized void reset() {
        hits.clear();
        blobBytes.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().toString();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://" + backend + path))
                    .timeout(Duration.ofSeconds(60));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!RESTRICTED.contains(k.toLowerCase())) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            byte[] body = ex.getRequestBody().readAllBytes();
            rb.method(
                    ex.getRequestMethod(),
                    body.length == 0
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            HttpResponse<InputStream> r;
            try {
                r = client.send(rb.build(), HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                ex.sendResponseHeaders(502, -1);
                return;
            }
            r.headers().map().forEach((k, vs) -> {
                if (!RESTRICTED.contains(k.toLowerCase()) && !k.equals(":status")) {
                    ex.getResponseHeaders().put(k, vs);
                }
            });
            long declared = r.headers().firstValueAsLong("content-length").orElse(-1);
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (head && declared >= 0) { // the server sets no length on a HEAD answer: the puller needs the size
                ex.getResponseHeaders().set("Content-Length", Long.toString(declared));
            }
            ex.sendResponseHeaders(r.statusCode(), head || declared == 0 ? -1 : declared < 0 ? 0 : declared);
            long n = 0;
            try (InputStream in = r.body();
                    OutputStream out = ex.getResponseBody()) {
                if (!head) {
                    byte[] buf = new byte[64 * 1024];
                    for (int k; (k = in.read(buf)) > 0; ) {
                        out.write(buf, 0, k);
                        n += k;
                    }
                }
            }
            if (path.contains("/blobs/")) {
                blobBytes.addAndGet(n);
            }
            synchronized (this) {
                hits.add(new Hit(
                        ex.getRequestMethod(), path, ex.getRequestHeaders().getFirst("Range"), r.statusCode(), n));
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

package dev.condock.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An HTTP proxy on loopback in front of a real server (the registry, a channel) that fails a share of the
 * requests: connection dropped before any response (reset), 500, 503, 429 with Retry-After, a stall before the
 * answer, or the body cut short. Counts requests and each fault, for the test's figures.
 */
final class FaultProxy implements AutoCloseable {
    enum Fault {
        RESET,
        HTTP_500,
        HTTP_503,
        HTTP_429,
        STALL,
        TRUNCATE
    }

    private static final Set<String> RESTRICTED =
            Set.of("host", "connection", "content-length", "expect", "upgrade", "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String backend;
    private final double rate;
    private final Random random;
    final AtomicInteger requests = new AtomicInteger();
    final Map<Fault, AtomicInteger> faults = new ConcurrentHashMap<>();

    /** Proxies to {@code backendHostPort} ("127.0.0.1:5301"), failing {@code rate} of the requests. */
    FaultProxy(String backendHostPort, double rate, long seed) throws IOException {
        this.backend = backendHostPort;
        this.rate = rate;
        this.random = new Random(seed);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", this::handle);
        server.start();
        startFront();
    }

    private java.net.ServerSocket front;

    String host() {
        return "127.0.0.1:"
                + (front != null ? front.getLocalPort() : server.getAddress().getPort());
    }

    /**
     * A TCP front that closes TLS handshakes at once (jib tries https first on an insecure registry and falls
     * back to http when the server refuses; the JDK HttpServer would leave it waiting) and relays the rest.
     */
    private void startFront() throws IOException {
        front = new java.net.ServerSocket(0, 64, java.net.InetAddress.getByName("127.0.0.1"));
        Thread t = new Thread(
                () -> {
                    while (!front.isClosed()) {
                        try {
                            java.net.Socket c = front.accept();
                            Executors.newSingleThreadExecutor().submit(() -> relay(c));
                        } catch (IOException e) {
                            return;
                        }
                    }
                },
                "fault-proxy-front");
        t.setDaemon(true);
        t.start();
    }

    private void relay(java.net.Socket c) {
        try (c;
                java.net.Socket b =
                        new java.net.Socket("127.0.0.1", server.getAddress().getPort())) {
            java.io.PushbackInputStream in = new java.io.PushbackInputStream(c.getInputStream(), 1);
            int first = in.read();
            if (first < 0 || first == 0x16) {
                return; // TLS ClientHello: refuse
            }
            in.unread(first);
            Thread up = new Thread(() -> {
                try {
                    in.transferTo(b.getOutputStream());
                    b.shutdownOutput();
                } catch (IOException ignored) {
                    // either side closed
                }
            });
            up.setDaemon(true);
            up.start();
            b.getInputStream().transferTo(c.getOutputStream());
        } catch (IOException ignored) {
            // either side closed
        }
    }

    int faultCount() {
        return faults.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    Map<Fault, Integer> faultCounts() {
        Map<Fault, Integer> m = new TreeMap<>();
        faults.forEach((k, v) -> m.put(k, v.get()));
        return m;
    }

    private Fault pick() {
        synchronized (random) {
            if (random.nextDouble() >= rate) {
                return null;
            }
            return Fault.values()[random.nextInt(Fault.values().length)];
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        Fault f = pick();
        if (f != null) {
            faults.computeIfAbsent(f, k -> new AtomicInteger()).incrementAndGet();
        }
        try {
            if (f == Fault.RESET) {
                ex.close(); // no status line: the client sees the connection end
                return;
            }
            if (f == Fault.HTTP_500 || f == Fault.HTTP_503 || f == Fault.HTTP_429) {
                if (f == Fault.HTTP_429) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                }
                ex.sendResponseHeaders(f == Fault.HTTP_500 ? 500 : f == Fault.HTTP_503 ? 503 : 429, -1);
                ex.close();
                return;
            }
            if (f == Fault.STALL) {
                Thread.sleep(1500);
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create("http://" + backend + ex.getRequestURI()))
                    .timeout(Duration.ofSeconds(30))
                    .method(
                            ex.getRequestMethod(),
                            body.length == 0
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((k, vs) -> {
                if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    vs.forEach(v -> rb.header(k, v));
                }
            });
            HttpResponse<byte[]> resp = client.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            resp.headers().map().forEach((k, vs) -> {
                if (!RESTRICTED.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    for (String v : vs) {
                        // the backend names itself in upload locations: keep the client on the proxy
                        ex.getResponseHeaders().add(k, v.replace(backend, host()));
                    }
                }
            });
            byte[] out = resp.body();
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (head) {
                List<String> len = resp.headers().allValues("content-length");
                if (!len.isEmpty()) {
                    ex.getResponseHeaders().set("Content-Length", len.get(0));
                }
                ex.sendResponseHeaders(resp.statusCode(), -1);
            } else if (f == Fault.TRUNCATE && out.length > 1) {
                ex.sendResponseHeaders(resp.statusCode(), out.length);
                ex.getResponseBody().write(out, 0, out.length / 2);
                ex.getResponseBody().flush();
                // closing with bytes missing makes the server drop the connection mid-body
            } else {
                ex.sendResponseHeaders(resp.statusCode(), out.length == 0 ? -1 : out.length);
                if (out.length > 0) {
                    ex.getResponseBody().write(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away or the cut body: nothing to answer
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        try {
            front.close();
        } catch (IOException ignored) {
            // closing
        }
        server.stop(0);
    }
}

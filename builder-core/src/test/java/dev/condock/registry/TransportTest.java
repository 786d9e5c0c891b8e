package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The registry transport against a plain-http server on loopback that logs every connection: a host named insecure
 * is reached over http without a TLS attempt once probed, requests of a session share a connection, and a host not
 * named insecure never gets a plain-http request.
 */
class TransportTest {
    /** "connection-number request-line", or "connection-number TLS" for a TLS handshake (refused). */
    private final List<String> log = new CopyOnWriteArrayList<>();

    private ServerSocket server;

    @BeforeEach
    void start() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        AtomicInteger connections = new AtomicInteger();
        Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    int n = connections.incrementAndGet();
                    Thread c = new Thread(() -> serve(s, n));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    /** Answers every request on the connection with a registry's 200 (keep-alive); a TLS hello is logged, closed. */
    private void serve(Socket s, int n) {
        try (s;
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream()) {
            while (true) {
                in.mark(1);
                int first = in.read();
                if (first < 0) {
                    return;
                }
                if (first == 0x16) {
                    log.add(n + " TLS");
                    return;
                }
                in.reset();
                String requestLine = line(in);
                while (!line(in).isEmpty()) {
                    // headers: no request here has a body
                }
                log.add(n + " " + requestLine);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n"
                                + "Docker-Distribution-API-Version: registry/2.0\r\n\r\n{}")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // client went away
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n'; ) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }

    private URL url(String path) throws IOException {
        return new URL("https://127.0.0.1:" + server.getLocalPort() + path);
    }

    private static void get(SessionHttp http, URL url) throws IOException {
        try (Response r = http.client.get(url, Request.builder().build())) {
            assertEquals(200, r.getStatusCode());
            assertEquals("http", r.getRequestUrl().getScheme());
        }
    }

    @Test
    void anInsecureHttpHostIsProbedOnceOverHttpAndASessionKeepsItsConnection() throws Exception {
        Transport transport = Transport.create(List.of());
        try (SessionHttp http = transport.client(true, e -> {})) {
            get(http, url("/v2/a/b/tags/list"));
            get(http, url("/v2/a/b/manifests/1"));
        }
        try (SessionHttp http = transport.client(true, e -> {})) {
            get(http, url("/v2/a/b/manifests/2"));
        }
        // no TLS attempt at all (jib alone tries verified TLS, then unverified TLS, in every session); the probe,
        // then both requests of the first session on its one connection, then the second session's own
        assertEquals(
                List.of(
                        "1 GET /v2/ HTTP/1.1",
                        "1 GET /v2/a/b/tags/list HTTP/1.1",
                        "1 GET /v2/a/b/manifests/1 HTTP/1.1",
                        "2 GET /v2/a/b/manifests/2 HTTP/1.1"),
                log);
    }

    @Test
    void aHostNotNamedInsecureNeverGetsPlainHttpEvenOnceKnownAsHttp() throws Exception {
        Transport transport = Transport.create(List.of());
        try (SessionHttp http = transport.client(true, e -> {})) {
            get(http, url("/v2/"));
        }
        int before = log.size();
        try (SessionHttp http = transport.client(false, e -> {})) {
            assertThrows(
                    IOException.class,
                    () -> http.client.get(
                            url("/v2/a/b/tags/list"), Request.builder().build()));
        }
        List<String> after = log.subList(before, log.size());
        assertTrue(!after.isEmpty() && after.stream().allMatch(l -> l.endsWith(" TLS")), after.toString());
    }
}

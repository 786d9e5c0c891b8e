package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS is set up only for https (or a redirect to it); http answers the same as before. */
class HttpClientsTest {
    HttpServer server;
    String base;
    int closedPort;

    @BeforeEach
    void start() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // nothing listens there once closed
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/body", x -> {
            byte[] b = "hello".getBytes(StandardCharsets.UTF_8);
            x.sendResponseHeaders(200, b.length);
            x.getResponseBody().write(b);
            x.close();
        });
        server.createContext("/moved", x -> {
            x.getResponseHeaders().add("Location", "/body");
            x.sendResponseHeaders(301, -1);
            x.close();
        });
        server.createContext("/to-https", x -> {
            x.getResponseHeaders().add("Location", "https://127.0.0.1:" + closedPort + "/body");
            x.sendResponseHeaders(302, -1);
            x.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    static HttpClients clients() {
        return new HttpClients(new OkHttpClient.Builder(), UnaryOperator.identity());
    }

    static String get(OkHttpClient c, String url) throws IOException {
        try (Response r = c.newCall(new Request.Builder().url(url).build()).execute()) {
            return r.code() + " " + r.body().string();
        }
    }

    @Test
    void httpGetsACleartextClientHttpsTheTlsOne() {
        HttpClients c = clients();
        assertEquals(
                List.of(ConnectionSpec.CLEARTEXT),
                c.forUrl("http://example.invalid/x").connectionSpecs());
        assertEquals(
                List.of(ConnectionSpec.CLEARTEXT),
                c.forUrl("HTTP://example.invalid/x").connectionSpecs());
        OkHttpClient tls = c.forUrl("https://example.invalid/x");
        assertEquals(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT), tls.connectionSpecs());
        assertSame(tls, c.tls(), "made once");
    }

    @Test
    void plainHttpAndItsRedirectsAnswerAsBefore() throws IOException {
        HttpClients c = clients();
        assertEquals("200 hello", get(c.forUrl(base), base + "/body"));
        assertEquals("200 hello", get(c.forUrl(base), base + "/moved"));
    }

    @Test
    void aRedirectToHttpsIsFollowedByTheTlsClient() {
        // the cleartext client alone would hand back the 302 (it follows no redirect to https); the TLS client
        // follows it, here to a closed port: the connection to the https URL fails
        HttpClients c = clients();
        IOException e = assertThrows(IOException.class, () -> get(c.forUrl(base), base + "/to-https"));
        assertEquals(ConnectException.class, e.getClass(), e.toString());
    }
}

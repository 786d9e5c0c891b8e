package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetrierTest {
    private static final dev.condock.util.Retry.Policy QUICK =
            new dev.condock.util.Retry.Policy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(300));

    @Test
    void retriesResetsUntilSuccess() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger reported = new AtomicInteger();
        PushListener l = new PushListener() {
            @Override
            public void retrying(String what, int attempt, String reason) {
                reported.incrementAndGet();
            }
        };
        String r = new Retrier(QUICK, l).call("x", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new SocketException("Connection reset");
            }
            return "ok";
        });
        assertEquals("ok", r);
        assertEquals(3, calls.get());
        assertEquals(2, reported.get());
    }

    @Test
    void givesUpWithinTheBoundedTotal() {
        AtomicInteger calls = new AtomicInteger();
        long start = System.nanoTime();
        assertThrows(
                ConnectException.class,
                () -> new Retrier(QUICK, PushListener.NONE).call("x", () -> {
                    calls.incrementAndGet();
                    throw new ConnectException("Connection refused");
                }));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(calls.get() > 2, "retried");
        assertTrue(ms < 2_000, "bounded: " + ms + " ms");
    }

    /** jib's ResponseException (package-private constructor) as its HTTP client raises it for a status. */
    static IOException status(int code) throws Exception {
        var cause = new com.google.api.client.http.HttpResponseException.Builder(
                        code, "status " + code, new com.google.api.client.http.HttpHeaders())
                .build();
        var c = com.google.cloud.tools.jib.http.ResponseException.class.getDeclaredConstructor(
                com.google.api.client.http.HttpResponseException.class, boolean.class);
        c.setAccessible(true);
        return c.newInstance(cause, false);
    }

    @Test
    void tooManyRequestsAndServerErrorsAreRetriedClientErrorsAreNot() throws Exception {
        assertTrue(Retrier.transient_(status(429)));
        assertTrue(Retrier.transient_(status(500)));
        assertTrue(Retrier.transient_(status(503)));
        assertFalse(Retrier.transient_(status(401)));
        assertFalse(Retrier.transient_(status(403)));
        assertFalse(Retrier.transient_(status(404)));
        assertFalse(Retrier.transient_(new com.google.cloud.tools.jib.api.RegistryException("x", status(400))));
        assertTrue(Retrier.transient_(new com.google.cloud.tools.jib.api.RegistryException("x", status(502))));
    }

    @Test
    void trustAndOtherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(
                SSLHandshakeException.class,
                () -> new Retrier(QUICK, PushListener.NONE).call("x", () -> {
                    calls.incrementAndGet();
                    throw new SSLHandshakeException("PKIX path building failed");
                }));
        assertEquals(1, calls.get());
        assertFalse(Retrier.transient_(new IOException("disk full")));
        assertTrue(Retrier.transient_(new IOException("wrapped", new SocketException("Broken pipe"))));
    }
}

package dev.condock.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RetryTest {
    private static final Retry.Policy QUICK =
            new Retry.Policy(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofMillis(300));

    @Test
    void networkClassifier() {
        assertTrue(Retry.NETWORK.isTransient(new Retry.HttpStatusException(503, null, "x")));
        assertTrue(Retry.NETWORK.isTransient(new Retry.HttpStatusException(429, null, "x")));
        assertFalse(Retry.NETWORK.isTransient(new Retry.HttpStatusException(404, null, "x")));
        assertFalse(Retry.NETWORK.isTransient(new Retry.HttpStatusException(403, null, "x")));
        assertTrue(Retry.NETWORK.isTransient(new IOException("wrapped", new ConnectException("refused"))));
        assertFalse(Retry.NETWORK.isTransient(new SSLHandshakeException("untrusted")));
        assertFalse(Retry.NETWORK.isTransient(new UnknownHostException("nowhere")));
        assertFalse(Retry.NETWORK.isTransient(new IOException("disk full")));
    }

    @Test
    void retryAfterOnlyOn429And503() {
        assertEquals(Duration.ofSeconds(7), new Retry.HttpStatusException(503, "7", "x").retryAfter());
        assertEquals(Duration.ofSeconds(2), new Retry.HttpStatusException(429, " 2 ", "x").retryAfter());
        assertNull(new Retry.HttpStatusException(500, "7", "x").retryAfter());
        assertNull(new Retry.HttpStatusException(503, "soon", "x").retryAfter());
        assertEquals(Duration.ZERO, Retry.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT"));
    }

    @Test
    void givesUpWithinTheBoundAndNotAtOnceForPermanentFailures() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger told = new AtomicInteger();
        Retry r = new Retry(QUICK, Retry.NETWORK, (attempt, failure) -> told.incrementAndGet());
        long start = System.nanoTime();
        assertThrows(
                ConnectException.class,
                () -> r.call(() -> {
                    calls.incrementAndGet();
                    throw new ConnectException("refused");
                }));
        assertTrue(calls.get() > 2 && told.get() == calls.get() - 1, calls + " / " + told);
        assertTrue((System.nanoTime() - start) / 1_000_000 < 2_000);
        calls.set(0);
        assertThrows(
                Retry.HttpStatusException.class,
                () -> r.call(() -> {
                    calls.incrementAndGet();
                    throw new Retry.HttpStatusException(404, null, "HTTP 404");
                }));
        assertEquals(1, calls.get());
    }
}

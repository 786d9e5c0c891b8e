package dev.condock.util;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ProtocolException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import javax.net.ssl.SSLException;

/**
 * The one retry policy of condock, shared by registry calls, repodata and package downloads: a call that fails
 * transiently (connection refused or reset, a timeout, HTTP 429 or 5xx) is run again after an exponential backoff,
 * or after the server's {@code Retry-After} (capped at {@link #MAX_RETRY_AFTER}) when it gave one, until
 * {@link Policy#total()} has passed since the first failure. Anything else (404, auth, TLS trust, a bad hash, a
 * full disk) fails at once. What counts as transient is a {@link Classifier}: {@link #NETWORK} for plain HTTP,
 * the registry adds its own for jib's exceptions.
 */
public final class Retry {
    /** The longest a {@code Retry-After} is waited for; a server asking for more gets the retry sooner. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(30);

    /** Exponential backoff from {@code initialDelay}, doubling up to {@code maxDelay}, giving up after {@code total}. */
    public record Policy(Duration initialDelay, Duration maxDelay, Duration total) {
        public static final Policy DEFAULT =
                new Policy(Duration.ofMillis(500), Duration.ofSeconds(8), Duration.ofSeconds(60));
    }

    /** One attempt. */
    @FunctionalInterface
    public interface Call<T, E extends Exception> {
        T run() throws E;
    }

    /** Which failures are worth another attempt, and how long the server asked to wait. */
    @FunctionalInterface
    public interface Classifier {
        boolean isTransient(Throwable failure);

        /** The server's {@code Retry-After}, or null; by default read from an {@link HttpStatusException}. */
        default Duration retryAfter(Throwable failure) {
            HttpStatusException h = find(failure, HttpStatusException.class);
            return h == null ? null : h.retryAfter();
        }
    }

    /** Told before each new attempt. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = (attempt, failure) -> {};

        void retrying(int attempt, Throwable failure);
    }

    /**
     * An HTTP response that is a failure (thrown by a caller for a status it does not handle itself): transient
     * for 408, 429 and 5xx, with the {@code Retry-After} of a 429 or 503 when the server sent one.
     */
    public static final class HttpStatusException extends IOException {
        private final int status;
        private final transient Duration retryAfter;

        public HttpStatusException(int status, String retryAfterHeader, String message) {
            super(message);
            this.status = status;
            this.retryAfter = status == 429 || status == 503 ? parseRetryAfter(retryAfterHeader) : null;
        }

        public int status() {
            return status;
        }

        /** The wait the server asked for, or null. */
        public Duration retryAfter() {
            return retryAfter;
        }
    }

    /**
     * Transient for plain HTTP clients: {@link HttpStatusException} 408/429/5xx, and in the cause chain a reset or
     * refused connection, a timeout or a connection closed early; never a TLS failure or an unknown host.
     */
    public static final Classifier NETWORK = Retry::isTransientNetworkFailure;

    private final Policy policy;
    private final Classifier classifier;
    private final Listener listener;

    public Retry(Policy policy, Classifier classifier, Listener listener) {
        this.policy = policy;
        this.classifier = classifier;
        this.listener = listener;
    }

    /** Runs {@code call} until it succeeds, fails for good, or the policy's total time is spent. */
    public <T, E extends Exception> T call(Call<T, E> call) throws E {
        long deadline = 0;
        long delay = policy.initialDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (Exception e) {
                if (!classifier.isTransient(e)) {
                    throw e;
                }
                long now = System.nanoTime();
                if (attempt == 1) {
                    deadline = now + policy.total().toNanos(); // counted from the first failure: a long
                } // download that fails once still gets retried
                long left = (deadline - now) / 1_000_000;
                if (left <= 0) {
                    throw e;
                }
                Duration asked = classifier.retryAfter(e);
                long wait = asked != null ? Math.min(asked.toMillis(), MAX_RETRY_AFTER.toMillis()) : delay;
                listener.retrying(attempt, e);
                if (!sleep(Math.min(wait, left + 1))) {
                    throw e; // interrupted: the flag is set again, the failure stands
                }
                delay = Math.min(delay * 2, policy.maxDelay().toMillis());
            }
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(Math.max(0, millis));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean isTransientNetworkFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpStatusException h) {
                return h.status() == 408 || h.status() == 429 || h.status() >= 500;
            }
            if (t instanceof SSLException || t instanceof UnknownHostException) {
                return false;
            }
            if (t instanceof SocketException
                    || t instanceof InterruptedIOException
                    || t instanceof EOFException
                    || t instanceof ProtocolException
                            && String.valueOf(t.getMessage()).contains("unexpected end of stream")
                    || t.getClass().getName().equals("okhttp3.internal.http2.StreamResetException")) {
                return true; // refused, reset, broken pipe; connect/read timeouts; closed early (okhttp's words)
            }
        }
        return false;
    }

    /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
    static Duration parseRetryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.strip();
        if (h.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(h));
        }
        try {
            Duration d =
                    Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME));
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The first {@code type} in {@code e}'s cause chain, or null. */
    public static <X extends Throwable> X find(Throwable e, Class<X> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}

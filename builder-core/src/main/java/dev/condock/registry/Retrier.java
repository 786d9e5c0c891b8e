package dev.condock.registry;

import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLException;

/**
 * Runs a registry call again after transient failures (connection refused or reset, timeouts, 429, 5xx) with
 * exponential backoff, within a bounded total time. Anything else (auth, 404, TLS trust) fails at once.
 */
final class Retrier {
    interface Call<T> {
        T run() throws IOException, RegistryException;
    }

    private final RegistryOptions.RetryPolicy policy;
    private final PushListener listener;

    Retrier(RegistryOptions.RetryPolicy policy, PushListener listener) {
        this.policy = policy;
        this.listener = listener;
    }

    <T> T call(String what, Call<T> call) throws IOException, RegistryException {
        long deadline = System.nanoTime() + policy.total().toNanos();
        long delay = policy.initialDelay().toMillis();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.run();
            } catch (IOException | RegistryException e) {
                long left = deadline - System.nanoTime();
                if (!transient_(e) || left <= 0) {
                    throw e;
                }
                listener.retrying(what, attempt, RegistryErrors.shortReason(e));
                sleep(Math.min(delay, left / 1_000_000 + 1));
                delay = Math.min(delay * 2, policy.maxDelay().toMillis());
            }
        }
    }

    static boolean transient_(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ResponseException r) {
                int code = r.getStatusCode();
                return code == 429 || code >= 500;
            }
            if (t instanceof SSLException || t instanceof UnknownHostException) {
                return false;
            }
            if (t instanceof SocketException || t instanceof SocketTimeoutException
                    || t.getClass().getName().equals("org.apache.http.NoHttpResponseException")
                    || t.getClass().getName().equals("org.apache.http.ConnectionClosedException")
                    || t.getClass().getName().equals("org.apache.http.conn.HttpHostConnectException")) {
                return true;
            }
        }
        return false;
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to retry", e);
        }
    }
}

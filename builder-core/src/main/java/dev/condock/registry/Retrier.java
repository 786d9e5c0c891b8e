package dev.condock.registry;

import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.condock.util.Retry;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import javax.net.ssl.SSLException;

/**
 * Registry calls under condock's one {@link Retry} policy: transient failures (connection refused or reset,
 * timeouts, 429, 5xx) are retried with backoff within a bounded total time, honouring Retry-After. What is
 * transient is judged on jib's exceptions here. Anything else (auth, 404, TLS trust) fails at once.
 */
final class Retrier {
    interface Call<T> {
        T run() throws IOException, RegistryException;
    }

    /** jib's failures: its ResponseException carries the status and headers, its transport is Apache HttpClient. */
    static final Retry.Classifier JIB = new Retry.Classifier() {
        @Override
        public boolean isTransient(Throwable failure) {
            return transient_(failure);
        }

        @Override
        public Duration retryAfter(Throwable failure) {
            ResponseException r = Retry.find(failure, ResponseException.class);
            if (r == null || r.getHeaders() == null) {
                return null;
            }
            return new Retry.HttpStatusException(
                            r.getStatusCode(), r.getHeaders().getFirstHeaderStringValue("Retry-After"), "")
                    .retryAfter();
        }
    };

    private final Retry.Policy policy;
    private final PushListener listener;

    Retrier(Retry.Policy policy, PushListener listener) {
        this.policy = policy;
        this.listener = listener;
    }

    <T> T call(String what, Call<T> call) throws IOException, RegistryException {
        Retry retry = new Retry(
                policy,
                JIB,
                (attempt, failure) -> listener.retrying(what, attempt, RegistryErrors.shortReason(failure)));
        try {
            return retry.call(call::run);
        } catch (IOException | RegistryException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e); // Call throws nothing else
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
            if (t instanceof SocketException
                    || t instanceof SocketTimeoutException
                    || t.getClass().getName().equals("org.apache.http.NoHttpResponseException")
                    || t.getClass().getName().equals("org.apache.http.ConnectionClosedException")
                    || t.getClass().getName().equals("org.apache.http.conn.HttpHostConnectException")) {
                return true;
            }
        }
        return false;
    }
}

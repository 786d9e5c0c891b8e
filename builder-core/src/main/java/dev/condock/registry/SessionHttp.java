package dev.condock.registry;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.http.impl.client.CloseableHttpClient;

/**
 * The HTTP side of one registry session: jib's {@link FailoverHttpClient} over two connection pools (verified TLS
 * and plain http; unverified TLS, only for hosts named insecure), each made on first use and closed with the
 * session. jib's own transports build a new Apache client per request (a new connection, and a new default
 * SSLContext built and thrown away, every time: issue 15, push).
 */
final class SessionHttp implements AutoCloseable {
    final FailoverHttpClient client;
    private final Pool secure;
    private final Pool unverified;

    SessionHttp(
            Supplier<CloseableHttpClient> secure,
            Supplier<CloseableHttpClient> unverified,
            java.util.function.Function<SessionHttp.Pools, FailoverHttpClient> client) {
        this.secure = new Pool(secure);
        this.unverified = new Pool(unverified);
        this.client = client.apply(new Pools(this.secure, this.unverified));
    }

    /** The per-request transport factories jib is given. */
    record Pools(Supplier<HttpTransport> secure, Supplier<HttpTransport> unverified) {}

    @Override
    public void close() {
        try {
            client.shutDown(); // open responses; the transports' shutdown leaves the pools alone
        } catch (IOException ignored) {
            // connections are going away with the pools below
        }
        secure.close();
        unverified.close();
    }

    private static final class Pool implements Supplier<HttpTransport> {
        private final Supplier<CloseableHttpClient> factory;
        private CloseableHttpClient pool;

        Pool(Supplier<CloseableHttpClient> factory) {
            this.factory = factory;
        }

        @Override
        public synchronized HttpTransport get() {
            if (pool == null) {
                pool = factory.get();
            }
            return new ApacheHttpTransport(new KeepOpenHttpClient(pool));
        }

        synchronized void close() {
            if (pool != null) {
                try {
                    pool.close();
                } catch (IOException ignored) {
                    // connections close with the process anyway
                }
                pool = null;
            }
        }
    }
}

package dev.condock.channel;

import java.io.IOException;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.ConnectionSpec;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;

/**
 * A channel access's HTTP clients, TLS set up only when a URL needs it. Building an OkHttpClient that can speak TLS
 * loads the JDK's trust store and SSLContext (~80 ms of CPU at start-up, a sixth of a whole {@code condock lock}),
 * which a lock over a plain-HTTP or file:// channel never uses. {@link #forUrl} hands an http:// URL a
 * cleartext-only client; when such a server redirects to https, the request is made again through the TLS client
 * (which follows the redirect as before). Both share one connection pool and dispatcher.
 */
final class HttpClients {
    // OkHttp's own default (OkHttpClient.DEFAULT_CONNECTION_SPECS), restored for the TLS client
    private static final List<ConnectionSpec> WITH_TLS = List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);

    private final OkHttpClient base; // cleartext only: building it sets up no TLS
    private final UnaryOperator<OkHttpClient.Builder> tls; // ssl_verify's settings (identity: the JDK's trust store)
    private final OkHttpClient plain;
    private volatile OkHttpClient full;

    /**
     * @param configured timeouts and interceptors, shared by both clients
     * @param tls        what ssl_verify adds to the TLS client (its errors were found before, when it was made)
     */
    HttpClients(OkHttpClient.Builder configured, UnaryOperator<OkHttpClient.Builder> tls) {
        this.base =
                configured.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT)).build();
        this.tls = tls;
        this.plain = base.newBuilder()
                .followSslRedirects(false)
                .addInterceptor(this::upgradeToTls)
                .build();
    }

    /** The client for every scheme (made on first use). */
    OkHttpClient tls() {
        OkHttpClient c = full;
        if (c == null) {
            synchronized (this) {
                c = full;
                if (c == null) {
                    c = tls.apply(base.newBuilder().connectionSpecs(WITH_TLS)).build();
                    full = c;
                }
            }
        }
        return c;
    }

    /** The client for {@code url}: cleartext-only for http://, else {@link #tls()}. */
    OkHttpClient forUrl(String url) {
        return url.regionMatches(true, 0, "http:", 0, 5) ? plain : tls();
    }

    /** A plain-HTTP answer that redirects to https: the whole request again through the TLS client. */
    private Response upgradeToTls(Interceptor.Chain chain) throws IOException {
        Response r = chain.proceed(chain.request());
        if (r.isRedirect()) {
            String location = r.header("Location");
            HttpUrl to = location == null ? null : r.request().url().resolve(location);
            if (to != null && to.isHttps()) {
                r.close();
                return tls().newCall(chain.request()).execute();
            }
        }
        return r;
    }
}

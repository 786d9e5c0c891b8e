package dev.condock.registry;

import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.CondockHttpClients;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.impl.conn.SystemDefaultRoutePlanner;

/**
 * Builds jib's HTTP client with our TLS policy: verified TLS against the system trust store plus the
 * {@code --registry-ca} files, and plain http / unverified TLS only for hosts named insecure. jib's public
 * constructor can only use the JVM-wide default trust, so the transport factories are handed to jib through
 * {@link CondockHttpClients}, the one compiler-checked hook below jib-core's public API (no reflection; see there
 * why); that way two registries with different trust can coexist in one process.
 */
final class Transport {
    /** The --registry-ca certificates (read when the transport is made, so a bad file fails before any build). */
    private final KeyStore extraCas;

    /** Verified TLS: the system trust store plus {@link #extraCas}, set up on the first TLS connection. */
    private SSLContext sslContext;

    private Transport(KeyStore extraCas) {
        this.extraCas = extraCas;
    }

    static Transport create(List<Path> caFiles) throws CondockException {
        try {
            if (caFiles.isEmpty()) {
                return new Transport(null);
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Path file : caFiles) {
                for (Certificate cert : readCertificates(file)) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
            }
            return new Transport(store);
        } catch (GeneralSecurityException | IOException e) {
            throw CondockException.environment("cannot set up TLS trust: " + e.getMessage(), e);
        }
    }

    /** The verified context, made once; an {@link IllegalStateException} when the trust cannot be set up. */
    private synchronized SSLContext sslContext() {
        if (sslContext == null) {
            try {
                List<X509TrustManager> managers = new ArrayList<>();
                if (extraCas != null) {
                    managers.add(trustManager(extraCas));
                }
                managers.add(trustManager(null));
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
                sslContext = ctx;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("trust store: " + e.getMessage(), e);
            }
        }
        return sslContext;
    }

    private static List<? extends Certificate> readCertificates(Path file) throws CondockException, IOException {
        try (InputStream in = Files.newInputStream(file)) {
            List<? extends Certificate> certs =
                    new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
            if (certs.isEmpty()) {
                throw CondockException.user("--registry-ca " + file + ": no PEM certificate in the file");
            }
            return certs;
        } catch (NoSuchFileException e) {
            throw CondockException.user("--registry-ca " + file + ": no such file", e);
        } catch (CertificateException e) {
            throw CondockException.user(
                    "--registry-ca " + file + ": not a PEM certificate (" + e.getMessage() + ")", e);
        }
    }

    private static X509TrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /**
     * The HTTP of one session with one registry host; {@code insecure} enables jib's https → unverified https →
     * http failover, which a host that answered over plain http skips from then on (see {@link #route}).
     */
    SessionHttp client(boolean insecure, Consumer<LogEvent> logger) {
        Supplier<CloseableHttpClient> secure = () -> pool(new LazyTlsSocketFactory(
                () -> new SSLConnectionSocketFactory(sslContext(), new DefaultHostnameVerifier())));
        Supplier<CloseableHttpClient> unverified = () -> pool(new LazyTlsSocketFactory(() -> {
            try {
                SSLContext trustAll = SSLContext.getInstance("TLS");
                trustAll.init(null, new TrustManager[] {new AnyOf(List.of())}, null);
                return new SSLConnectionSocketFactory(trustAll, (h, s) -> true);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }));
        // jib's own I/O retry stays off: Retrier bounds ours
        return new SessionHttp(
                secure,
                unverified,
                pools -> CondockHttpClients.create(
                        insecure,
                        logger,
                        pools.secure(),
                        pools.unverified(),
                        (method, url, request, failover) -> route(insecure, method, url, request, failover)));
    }

    /**
     * What {@code ApacheHttpTransport.newDefaultHttpClientBuilder()} sets up (system properties, pool sizes, the
     * system proxy selector, no redirects, no retries), without its default TLS socket factory: that one sets up
     * an SSLContext over the system trust store on every call, even for a plain-http pool.
     */
    private static CloseableHttpClient pool(LazyTlsSocketFactory tls) {
        return HttpClientBuilder.create()
                .useSystemProperties()
                .setSSLSocketFactory(tls)
                .setMaxConnTotal(200)
                .setMaxConnPerRoute(20)
                .setConnectionTimeToLive(-1, TimeUnit.MILLISECONDS)
                .setRoutePlanner(new SystemDefaultRoutePlanner(ProxySelector.getDefault()))
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .build();
    }

    /**
     * Hosts named insecure that answered over plain http in this process (host:port as jib's URLs name them).
     * jib remembers its failover per client only, and condock opens several per push (the image, the SBOM
     * referrer, its fallback tag): each first request tried verified TLS, then unverified TLS, then http.
     */
    private static final Set<String> PLAIN_HTTP = ConcurrentHashMap.newKeySet();

    /** Hosts named insecure that did not answer the plain-http probe: jib's failover decides for them. */
    private static final Set<String> PROBED = ConcurrentHashMap.newKeySet();

    /**
     * Sends an insecure host's request straight over http once that host has answered over http; everything
     * else goes through jib's failover unchanged (a host not named insecure never leaves verified TLS).
     */
    static Response route(boolean insecure, String method, URL url, Request request, CondockHttpClients.Call failover)
            throws IOException {
        if (!insecure || !"https".equals(url.getProtocol())) {
            return failover.call(method, url, request);
        }
        String host = url.getHost() + ":" + url.getPort();
        if (!PLAIN_HTTP.contains(host) && url.getPort() != -1 && !PROBED.contains(host)) {
            probe(url, host, failover);
        }
        if (PLAIN_HTTP.contains(host)) {
            try {
                return failover.call(method, http(url, url.getFile()), request);
            } catch (ResponseException e) {
                throw e; // the host answered
            } catch (IOException e) {
                // not answering over http any more (restarted with TLS?): the next attempt probes again
                PLAIN_HTTP.remove(host);
                PROBED.remove(host);
                throw e;
            }
        }
        Response response = failover.call(method, url, request);
        if ("http".equals(response.getRequestUrl().getScheme())) {
            PLAIN_HTTP.add(host);
        }
        return response;
    }

    /**
     * For a host named insecure with a port: one anonymous plain-http {@code GET /v2/} (no credential goes with it)
     * before jib's https-first failover, whose first TLS attempt costs ~0.2 s of TLS set-up in a fresh process
     * (issue 15) only to learn that a local registry speaks http. A registry answers 200 or 401; a TLS port answers
     * plain http with 400 or a reset, and then jib's failover runs as before. Without a port the order stays
     * https:443 first, then http:80, as jib and docker do.
     */
    private static void probe(URL url, String host, CondockHttpClients.Call failover) {
        try (Response r = failover.call(
                "GET",
                http(url, "/v2/"),
                Request.builder().setUserAgent("condock").build())) {
            if (r.getStatusCode() == 200) {
                PLAIN_HTTP.add(host);
                return;
            }
        } catch (ResponseException e) {
            if (e.getStatusCode() == 401) {
                PLAIN_HTTP.add(host);
                return;
            }
        } catch (IOException e) {
            // not plain http
        }
        PROBED.add(host);
    }

    private static URL http(URL url, String file) throws java.net.MalformedURLException {
        return new URL("http", url.getHost(), url.getPort(), file);
    }

    /**
     * Trusts a chain if any delegate does. With no delegates it trusts everything: used only for hosts the user
     * named with --insecure-registry.
     */
    private record AnyOf(List<X509TrustManager> delegates) implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not checked");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException last = null;
            for (X509TrustManager tm : delegates) {
                try {
                    tm.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    last = e;
                }
            }
            if (last != null) {
                throw last;
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegates.stream()
                    .flatMap(d -> java.util.Arrays.stream(d.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}

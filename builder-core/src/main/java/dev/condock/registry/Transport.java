package dev.condock.registry;

import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.apache.v2.ApacheHttpTransport;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.http.CondockHttpClients;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.apache.http.conn.ssl.DefaultHostnameVerifier;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;

/**
 * Builds jib's HTTP client with our TLS policy: verified TLS against the system trust store plus the
 * {@code --registry-ca} files, and plain http / unverified TLS only for hosts named insecure. jib's public
 * constructor can only use the JVM-wide default trust, so the transport factories are handed to jib through
 * {@link CondockHttpClients}, the one compiler-checked hook below jib-core's public API (no reflection; see there
 * why); that way two registries with different trust can coexist in one process.
 */
final class Transport {
    private final SSLContext sslContext;

    private Transport(SSLContext sslContext) {
        this.sslContext = sslContext;
    }

    static Transport create(List<Path> caFiles) throws CondockException {
        try {
            List<X509TrustManager> managers = new ArrayList<>();
            managers.add(trustManager(null));
            if (!caFiles.isEmpty()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Path file : caFiles) {
                    for (Certificate cert : readCertificates(file)) {
                        store.setCertificateEntry("ca-" + i++, cert);
                    }
                }
                managers.add(0, trustManager(store));
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new AnyOf(managers)}, null);
            return new Transport(ctx);
        } catch (GeneralSecurityException | IOException e) {
            throw CondockException.environment("cannot set up TLS trust: " + e.getMessage(), e);
        }
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

    /** A client for one registry host; {@code insecure} enables jib's https → unverified https → http failover. */
    FailoverHttpClient client(boolean insecure, Consumer<LogEvent> logger) {
        Supplier<HttpTransport> secure = () -> new ApacheHttpTransport(ApacheHttpTransport.newDefaultHttpClientBuilder()
                .setSSLSocketFactory(new SSLConnectionSocketFactory(sslContext, new DefaultHostnameVerifier()))
                .build());
        Supplier<HttpTransport> unverified = () -> {
            try {
                SSLContext trustAll = SSLContext.getInstance("TLS");
                trustAll.init(null, new TrustManager[] {new AnyOf(List.of())}, null);
                return new ApacheHttpTransport(ApacheHttpTransport.newDefaultHttpClientBuilder()
                        .setSSLSocketFactory(new SSLConnectionSocketFactory(trustAll, (h, s) -> true))
                        .build());
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        };
        // jib's own I/O retry stays off: Retrier bounds ours
        return CondockHttpClients.create(insecure, logger, secure, unverified);
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

package dev.condock.channel;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * How a canonical channel URL (what locks record: no token, no password, no mirror) is actually fetched: the
 * configured mirrors in order ({@code mirrored_channels}), with the token or {@code user:pass@} that the
 * configuration or environment.yml gave for that channel put back, {@code user:pass@} and {@code ~/.netrc}
 * sent as basic auth, and TLS as {@code ssl_verify} says. The secrets live only here and in the requests.
 */
public final class ChannelAccess {
    private final Map<String, List<String>> mirrors; // canonical URL → mirror URLs
    private final Map<String, String> secrets; // redacted URL prefix → the same with its secrets
    private final Map<String, String[]> netrc; // host → {login, password}
    private final HttpClients clients;

    private ChannelAccess(
            Map<String, List<String>> mirrors,
            Map<String, String> secrets,
            Map<String, String[]> netrc,
            HttpClients clients) {
        this.mirrors = mirrors;
        this.secrets = secrets;
        this.netrc = netrc;
        this.clients = clients;
    }

    private ChannelAccess(
            Map<String, List<String>> mirrors,
            Map<String, String> secrets,
            Map<String, String[]> netrc,
            UnaryOperator<OkHttpClient.Builder> tls) {
        this(mirrors, secrets, netrc, new HttpClients(baseClient().addNetworkInterceptor(netrcLogins(netrc)), tls));
    }

    /**
     * A redirect to another host loses the Authorization (OkHttp drops it, rightly); that host's own ~/.netrc login
     * is put back here, so a wheel or package served from a files host behind the index still arrives.
     */
    private static Interceptor netrcLogins(Map<String, String[]> netrc) {
        return chain -> {
            Request r = chain.request();
            if (r.header("Authorization") == null) {
                // a machine entry only: netrc's "default" goes to the host asked (request()), never to a redirect
                // target such as a presigned storage URL, which rejects a second kind of auth
                String[] login = netrc.get(r.url().host());
                if (login != null)
                    r = r.newBuilder()
                            .header("Authorization", Credentials.basic(login[0], login[1]))
                            .build();
            }
            return chain.proceed(r);
        };
    }

    /**
     * This access plus the logins in {@code urls} ({@code user:pass@} of pip index URLs): sent to any URL on the
     * same scheme, host and port, as pip sends an index's credentials with the wheel downloads it links to.
     */
    public ChannelAccess withLogins(List<String> urls) {
        Map<String, String> more = new LinkedHashMap<>(secrets);
        for (String url : urls) {
            HttpUrl u = HttpUrl.parse(url);
            if (u == null || u.username().isEmpty() && u.password().isEmpty()) continue;
            HttpUrl origin =
                    u.newBuilder().encodedPath("/").query(null).fragment(null).build();
            String withLogin = origin.toString();
            String bare = origin.newBuilder().username("").password("").build().toString();
            more.putIfAbsent(bare.substring(0, bare.length() - 1), withLogin.substring(0, withLogin.length() - 1));
        }
        return new ChannelAccess(mirrors, more, netrc, clients);
    }

    /** No mirrors, no secrets beyond those in the URL itself, TLS verified. */
    public static ChannelAccess none() {
        return new ChannelAccess(Map.of(), Map.of(), Map.of(), UnaryOperator.identity());
    }

    /**
     * Access for {@code config}, plus the channels an environment.yml names ({@code extraChannels}, which may hold
     * tokens), and the netrc of {@code src} ({@code $NETRC}, else {@code ~/.netrc}).
     */
    public static ChannelAccess of(ChannelConfig config, List<String> extraChannels, CondaRc.Sources src)
            throws CondockException {
        Map<String, List<String>> mirrors = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : config.mirroredChannels().entrySet()) {
            mirrors.put(Channel.resolve(e.getKey(), config, 0).url(), e.getValue());
        }
        Map<String, String> secrets = new LinkedHashMap<>();
        List<String> all = new ArrayList<>(config.channels());
        all.addAll(config.defaultChannels());
        all.addAll(extraChannels);
        config.customMultichannels().values().forEach(all::addAll);
        for (String name : config.customChannels().keySet()) all.add(name);
        for (Channel c : config.resolveAll(all)) {
            if (!c.url().equals(c.fetchUrl())) secrets.put(c.url(), c.fetchUrl());
        }
        String np = src.env().get("NETRC");
        Path netrcFile = np != null && !np.isEmpty() ? Path.of(np) : src.home().resolve(".netrc");
        return new ChannelAccess(mirrors, secrets, readNetrc(netrcFile), tlsSettings(config.sslVerify()));
    }

    /** The client for any URL (TLS set up on the first call). */
    public OkHttpClient client() {
        return clients.tls();
    }

    /** The client for {@code url}: for an http:// URL one that sets up no TLS unless the server redirects to https. */
    public OkHttpClient clientFor(String url) {
        return clients.forUrl(url);
    }

    /** The URLs to try for {@code url}, in order: its mirrors when it has some, else itself; secrets put back. */
    public List<String> candidates(String url) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : mirrors.entrySet()) {
            String canon = e.getKey();
            if (url.equals(canon) || url.startsWith(canon + "/")) {
                for (String m : e.getValue()) out.add(withSecrets(m + url.substring(canon.length())));
                if (!out.isEmpty()) return out;
            }
        }
        out.add(withSecrets(url));
        return out;
    }

    private String withSecrets(String url) {
        if (!url.equals(Channel.redact(url))) return url; // it carries its own
        for (Map.Entry<String, String> e : secrets.entrySet()) {
            if (url.equals(e.getKey()) || url.startsWith(e.getKey() + "/")) {
                return e.getValue() + url.substring(e.getKey().length());
            }
        }
        return url;
    }

    /** A GET of {@code url}: {@code user:pass@} (or the netrc entry for the host) moved into a basic auth header. */
    public Request.Builder request(String url) {
        HttpUrl u = HttpUrl.get(url);
        Request.Builder b = new Request.Builder().header("User-Agent", "condock/0.1");
        if (!u.username().isEmpty() || !u.password().isEmpty()) {
            b.header("Authorization", Credentials.basic(u.username(), u.password()));
            u = u.newBuilder().username("").password("").build();
        } else {
            String[] login = netrc.getOrDefault(u.host(), netrc.get(""));
            if (login != null) b.header("Authorization", Credentials.basic(login[0], login[1]));
        }
        return b.url(u);
    }

    /** machine/login/password (and default) of a netrc; a missing file is none. */
    static Map<String, String[]> readNetrc(Path file) throws CondockException {
        Map<String, String[]> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) return out;
        String[] t;
        try {
            t = Files.readString(file).strip().split("\\s+");
        } catch (IOException e) {
            throw CondockException.environment(file + ": cannot read: " + e.getMessage(), e);
        }
        String host = null, login = "", password = "";
        for (int i = 0; i < t.length; i++) {
            switch (t[i]) {
                case "machine", "default" -> {
                    if (host != null) out.putIfAbsent(host, new String[] {login, password});
                    host = t[i].equals("default") ? "" : i + 1 < t.length ? t[++i] : "";
                    login = "";
                    password = "";
                }
                case "login" -> login = i + 1 < t.length ? t[++i] : "";
                case "password" -> password = i + 1 < t.length ? t[++i] : "";
                default -> {}
            }
        }
        if (host != null) out.putIfAbsent(host, new String[] {login, password});
        return out;
    }

    private static OkHttpClient.Builder baseClient() {
        return new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(30)).readTimeout(Duration.ofSeconds(120));
    }

    /** ssl_verify's client (tests). */
    static OkHttpClient client(String sslVerify) throws CondockException {
        return tlsSettings(sslVerify).apply(baseClient()).build();
    }

    /**
     * ssl_verify: "true" (the JDK's trust store: nothing to add, OkHttp sets it up when the TLS client is made),
     * "false" (conda's opt-out: nothing verified), or a CA bundle, read and checked here (a bad one is an error even
     * when no https URL is fetched).
     */
    static UnaryOperator<OkHttpClient.Builder> tlsSettings(String sslVerify) throws CondockException {
        if ("true".equals(sslVerify)) return UnaryOperator.identity();
        try {
            X509TrustManager tm;
            if ("false".equals(sslVerify)) {
                tm = new X509TrustManager() {
                    @Override
                    public void checkClientTrusted(X509Certificate[] c, String a) {}

                    @Override
                    public void checkServerTrusted(X509Certificate[] c, String a) {}

                    @Override
                    public X509Certificate[] getAcceptedIssuers() {
                        return new X509Certificate[0];
                    }
                };
            } else {
                KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
                ks.load(null, null);
                try (InputStream in = Files.newInputStream(Path.of(sslVerify))) {
                    int i = 0;
                    for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                        ks.setCertificateEntry("ca" + i++, c);
                    }
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(ks);
                tm = (X509TrustManager) tmf.getTrustManagers()[0];
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {tm}, null);
            X509TrustManager trust = tm;
            boolean anyHost = "false".equals(sslVerify);
            return b -> {
                b.sslSocketFactory(ctx.getSocketFactory(), trust);
                if (anyHost) b.hostnameVerifier((h, s) -> true);
                return b;
            };
        } catch (IOException e) {
            throw CondockException.user("ssl_verify: cannot read CA bundle " + sslVerify + ": " + e.getMessage());
        } catch (GeneralSecurityException e) {
            throw CondockException.user("ssl_verify: " + sslVerify + " is not a PEM CA bundle: " + e.getMessage());
        }
    }
}

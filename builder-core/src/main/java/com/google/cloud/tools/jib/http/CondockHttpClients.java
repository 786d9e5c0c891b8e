package com.google.cloud.tools.jib.http;

import com.google.api.client.http.HttpTransport;
import com.google.cloud.tools.jib.api.LogEvent;
import java.io.IOException;
import java.net.URL;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * condock's one hook below jib-core's public API (pinned 0.28.1), kept to a single call and checked by the
 * compiler rather than opened by reflection: it lives in jib's package to reach FailoverHttpClient's
 * package-private constructor, which takes the HTTP transports to use.
 *
 * <p>Why the public constructor {@code FailoverHttpClient(boolean, boolean, Consumer)} will not do: it builds every
 * secure transport as {@code new ApacheHttpTransport()}, whose TLS comes from {@code SSLContexts.createDefault()},
 * i.e. only the JVM-wide default trust store, so {@code --registry-ca} could be honoured only by changing
 * process-wide state ({@code javax.net.ssl.trustStore} or a security provider), which would also change what every
 * other TLS client in the process trusts and could not give two registries different trust. It also turns on
 * jib's own retry of I/O errors (exponential backoff, up to 10 more tries per request) under condock's bounded
 * {@code dev.condock.util.Retry}, so an unreachable registry would take minutes to report. jib has no other public
 * way to pass a transport or an SSLContext ({@code Request} and {@code Response} cannot be built outside this
 * package either, so a subclass cannot replace {@code call}).
 *
 * <p>Works on the class path (condock's case: jib-core's jar is not sealed and not loaded as a named module). A jib
 * upgrade that changes the constructor fails the build here, not a push at run time.
 */
public final class CondockHttpClients {
    private CondockHttpClients() {}

    /** What jib's client does with one request: the failover below, on the URL given. */
    public interface Call {
        Response call(String httpMethod, URL url, Request request) throws IOException;
    }

    /** Sees every request before jib's failover does, and may send it on to that failover with another URL. */
    public interface Interceptor {
        Response call(String httpMethod, URL url, Request request, Call failover) throws IOException;
    }

    /**
     * jib's client over the given transports. {@code insecure}: jib's https → unverified https → http failover
     * (and credentials over http) for a registry the user named insecure; jib's own I/O retry is always off.
     * {@code interceptor} gets every request (RegistryClient's included: they all go through the public
     * {@code call}); jib remembers a failover per client only, so condock's Transport remembers it per process.
     */
    public static FailoverHttpClient create(
            boolean insecure,
            Consumer<LogEvent> logger,
            Supplier<HttpTransport> secure,
            Supplier<HttpTransport> unverified,
            Interceptor interceptor) {
        return new FailoverHttpClient(insecure, insecure, logger, secure, unverified, false) {
            @Override
            public Response call(String httpMethod, URL url, Request request) throws IOException {
                return interceptor.call(httpMethod, url, request, super::call);
            }
        };
    }
}

package dev.condock.registry;

import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.HttpClient;
import org.apache.http.client.ResponseHandler;
import org.apache.http.client.methods.HttpUriRequest;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;

/**
 * A session's pooled Apache client as jib's per-request transports see it: jib makes a new transport for every
 * request and shuts each down when the session ends ({@code ApacheHttpTransport.shutdown} closes only a
 * {@link CloseableHttpClient}, which this is not), so every request shares one pool and reuses its kept-alive
 * connections; {@link SessionHttp} closes the pool itself.
 */
@SuppressWarnings("deprecation") // HttpClient's getParams/getConnectionManager: delegated, never called by condock
final class KeepOpenHttpClient implements HttpClient {
    private final CloseableHttpClient pool;

    KeepOpenHttpClient(CloseableHttpClient pool) {
        this.pool = pool;
    }

    @Override
    public HttpParams getParams() {
        return pool.getParams();
    }

    @Override
    public ClientConnectionManager getConnectionManager() {
        return pool.getConnectionManager();
    }

    @Override
    public HttpResponse execute(HttpUriRequest request) throws IOException {
        return pool.execute(request);
    }

    @Override
    public HttpResponse execute(HttpUriRequest request, org.apache.http.protocol.HttpContext context)
            throws IOException {
        return pool.execute(request, context);
    }

    @Override
    public HttpResponse execute(HttpHost target, HttpRequest request) throws IOException {
        return pool.execute(target, request);
    }

    @Override
    public HttpResponse execute(HttpHost target, HttpRequest request, org.apache.http.protocol.HttpContext context)
            throws IOException {
        return pool.execute(target, request, context);
    }

    @Override
    public <T> T execute(HttpUriRequest request, ResponseHandler<? extends T> handler) throws IOException {
        return pool.execute(request, handler);
    }

    @Override
    public <T> T execute(
            HttpUriRequest request, ResponseHandler<? extends T> handler, org.apache.http.protocol.HttpContext context)
            throws IOException {
        return pool.execute(request, handler, context);
    }

    @Override
    public <T> T execute(HttpHost target, HttpRequest request, ResponseHandler<? extends T> handler)
            throws IOException {
        return pool.execute(target, request, handler);
    }

    @Override
    public <T> T execute(
            HttpHost target,
            HttpRequest request,
            ResponseHandler<? extends T> handler,
            org.apache.http.protocol.HttpContext context)
            throws IOException {
        return pool.execute(target, request, handler, context);
    }
}

package dev.condock.registry;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.apache.http.HttpHost;
import org.apache.http.conn.socket.LayeredConnectionSocketFactory;
import org.apache.http.conn.ssl.SSLConnectionSocketFactory;
import org.apache.http.protocol.HttpContext;

/**
 * The https socket factory of a connection pool, made on the first TLS connection: setting up TLS trust (reading
 * the system trust store, loading the TLS classes) took ~0.2 s of a cached push's start (issue 15), and a pool
 * that only ever speaks plain http to a host named insecure never needs it.
 */
final class LazyTlsSocketFactory implements LayeredConnectionSocketFactory {
    /** Makes the real factory; an {@link IllegalStateException} from it is a TLS setup failure. */
    private final Supplier<SSLConnectionSocketFactory> factory;

    private SSLConnectionSocketFactory tls;

    LazyTlsSocketFactory(Supplier<SSLConnectionSocketFactory> factory) {
        this.factory = factory;
    }

    private synchronized SSLConnectionSocketFactory tls() throws SSLException {
        if (tls == null) {
            try {
                tls = factory.get();
            } catch (IllegalStateException e) {
                throw new SSLException("cannot set up TLS: " + e.getMessage(), e);
            }
        }
        return tls;
    }

    @Override
    public Socket createSocket(HttpContext context) throws IOException {
        return tls().createSocket(context);
    }

    @Override
    public Socket connectSocket(
            int connectTimeout,
            Socket socket,
            HttpHost host,
            InetSocketAddress remoteAddress,
            InetSocketAddress localAddress,
            HttpContext context)
            throws IOException {
        return tls().connectSocket(connectTimeout, socket, host, remoteAddress, localAddress, context);
    }

    @Override
    public Socket createLayeredSocket(Socket socket, String target, int port, HttpContext context) throws IOException {
        return tls().createLayeredSocket(socket, target, port, context);
    }
}

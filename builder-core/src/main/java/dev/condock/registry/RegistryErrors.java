package dev.condock.registry;

import com.google.cloud.tools.jib.api.InsecureRegistryException;
import com.google.cloud.tools.jib.api.RegistryUnauthorizedException;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.condock.util.CondockException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * Turns what jib and the network throw into one user-facing line naming registry and repository. Messages are
 * built only from the reference and status codes, never from request headers, so credentials cannot leak.
 */
final class RegistryErrors {
    private RegistryErrors() {}

    /** {@code action}: "push to" or "read base image"; {@code base}: a 404 means the user named a missing image. */
    static CondockException translate(String action, ImageReference ref, Throwable e, boolean base) {
        String where = "registry " + ref.registry() + ", repository " + ref.repository();
        Integer status = status(e);
        if (isDenied(e)) {
            return CondockException.environment(
                    "cannot " + action + " " + ref + ": access denied by " + where
                            + " (check CONDOCK_REGISTRY_USER/CONDOCK_REGISTRY_PASSWORD or docker config.json)",
                    e);
        }
        if (status != null && status == 404 || isUnknown(e)) {
            String msg = "cannot " + action + " " + ref + ": not found in " + where;
            return base ? CondockException.user(msg, e) : CondockException.environment(msg, e);
        }
        if (find(e, CertPathValidatorException.class) != null
                || find(e, CertificateException.class) != null
                || String.valueOf(messages(e)).contains("PKIX path")) {
            return CondockException.environment(
                    "cannot " + action + " " + ref + ": TLS certificate of " + ref.registry()
                            + " is not trusted (pass its CA with --registry-ca FILE)",
                    e);
        }
        if (find(e, InsecureRegistryException.class) != null || find(e, SSLException.class) != null) {
            return CondockException.environment(
                    "cannot " + action + " " + ref + ": TLS handshake with "
                            + ref.registry() + " failed (a plain-http registry must be named with --insecure-registry "
                            + ref.registry() + ")",
                    e);
        }
        if (find(e, UnknownHostException.class) != null) {
            return CondockException.environment("cannot " + action + " " + ref + ": unknown host " + ref.registry(), e);
        }
        if (find(e, ConnectException.class) != null || Retrier.transient_(e)) {
            return CondockException.environment(
                    "cannot " + action + " " + ref + ": " + where + " is unreachable or failing (" + shortReason(e)
                            + "), gave up after retries",
                    e);
        }
        return CondockException.environment("cannot " + action + " " + ref + " (" + where + "): " + shortReason(e), e);
    }

    /** 401/403: the registry refused the credential (or its absence). */
    static boolean isDenied(Throwable e) {
        Integer status = status(e);
        return find(e, RegistryUnauthorizedException.class) != null
                || (status != null && (status == 401 || status == 403));
    }

    private static boolean isUnknown(Throwable e) {
        String m = messages(e);
        return m.contains("MANIFEST_UNKNOWN") || m.contains("NAME_UNKNOWN") || m.contains("manifest unknown");
    }

    static Integer status(Throwable e) {
        ResponseException r = find(e, ResponseException.class);
        return r == null ? null : r.getStatusCode();
    }

    /** A short reason without URLs' query strings or headers: class name and status, or the first message line. */
    static String shortReason(Throwable e) {
        Integer status = status(e);
        if (status != null) {
            return "HTTP " + status;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        m = m == null ? "" : m.lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + (m.isEmpty() ? "" : ": " + m);
    }

    private static String messages(Throwable e) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            b.append(t.getMessage()).append('\n');
            if (t instanceof ResponseException r && r.getContent() != null) {
                b.append(r.getContent()).append('\n');
            }
        }
        return b.toString();
    }

    static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}

package dev.condock.registry;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a push target's registry in the background while the image is built or taken from the build cache (issue
 * 15, push: about a fifth of a cached 115 MB push went into the first session before any blob moved: the TLS trust
 * store and the HTTP/TLS/jib classes loaded, the https probe of a host named insecure, the ping). Anonymous, so no
 * credential is looked up, sent or handed to a helper here; once per registry and repository per process. A
 * failure is left to the push itself to report: this only loads what the push will use.
 */
final class Warmup {
    private static final Set<String> STARTED = ConcurrentHashMap.newKeySet();

    private Warmup() {}

    static void start(RegistryOptions options, ImageReference ref) {
        if (!STARTED.add(ref.registry() + "/" + ref.repository())) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    Transport transport;
                    try {
                        transport = Transport.create(options.caFiles());
                    } catch (Exception e) {
                        return; // a bad --registry-ca file: the push says so
                    }
                    try (RegistrySession s = RegistrySession.open(
                            transport, options.isInsecure(ref.registry()), ref, null, Optional.empty(), false)) {
                        // opened: classes loaded, trust store read, the scheme of an insecure host known
                    } catch (Exception | LinkageError e) {
                        // unreachable, denied anonymously, ...: the push reports its own failure
                    }
                },
                "condock-registry-warmup");
        t.setDaemon(true);
        t.start();
    }
}

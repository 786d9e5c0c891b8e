package dev.condock.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.frontend.CredentialRetrieverFactory;
import com.google.cloud.tools.jib.registry.credentials.CredentialRetrievalException;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds credentials for a registry: CONDOCK_REGISTRY_USER/CONDOCK_REGISTRY_PASSWORD first (CI), then docker's
 * config.json ($DOCKER_CONFIG or ~/.docker: {@code auths}, {@code credHelpers}, {@code credsStore}) through jib's
 * retriever. The result is handed to jib only; nothing here logs it.
 */
final class Credentials {
    static final String USER = "CONDOCK_REGISTRY_USER";
    static final String PASSWORD = "CONDOCK_REGISTRY_PASSWORD";

    private Credentials() {}

    static Optional<Credential> find(ImageReference ref, Map<String, String> env) throws CondockException {
        String user = env.get(USER);
        String password = env.get(PASSWORD);
        if (user != null && !user.isEmpty() && password != null) {
            return Optional.of(Credential.from(user, password));
        }
        Path config = dockerConfig(env);
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            com.google.cloud.tools.jib.api.ImageReference jibRef =
                    com.google.cloud.tools.jib.api.ImageReference.of(ref.registry(), ref.repository(), ref.qualifier());
            return CredentialRetrieverFactory.forImage(jibRef, e -> {}, env)
                    .dockerConfig(config)
                    .retrieve();
        } catch (CredentialRetrievalException e) {
            // The helper's message may echo what it was fed; say only which file and registry.
            throw CondockException.environment("cannot read credentials for " + ref.registry() + " from " + config
                    + " (credential helper failed)");
        }
    }

    private static Path dockerConfig(Map<String, String> env) {
        String dir = env.get("DOCKER_CONFIG");
        if (dir != null && !dir.isEmpty()) {
            return Path.of(dir, "config.json");
        }
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".docker", "config.json");
    }
}

package dev.condock.registry;

import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.LogEvent;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.event.EventHandlers;
import com.google.cloud.tools.jib.registry.RegistryClient;
import java.io.IOException;
import java.util.Optional;

/**
 * One authenticated jib {@link RegistryClient} for one repository, with the HTTP client it owns. The only place
 * that creates jib clients; close it to release connections.
 */
final class RegistrySession implements AutoCloseable {
    final RegistryClient client;
    final SessionHttp http;

    private RegistrySession(RegistryClient client, SessionHttp http) {
        this.client = client;
        this.http = http;
    }

    /**
     * {@code mountFrom}: a repository on the same registry that a push may mount blobs from (a bearer token then
     * also asks for pull access to it), or null.
     */
    static RegistrySession open(
            Transport transport,
            boolean insecure,
            ImageReference ref,
            String mountFrom,
            Optional<Credential> credential,
            boolean push)
            throws IOException, RegistryException {
        // jib logs request URLs (no headers); they are not useful to users and are dropped.
        SessionHttp http = transport.client(insecure, e -> {});
        EventHandlers handlers =
                EventHandlers.builder().add(LogEvent.class, e -> {}).build();
        RegistryClient.Factory factory = mountFrom == null
                ? RegistryClient.factory(handlers, ref.apiHost(), ref.repository(), http.client)
                : RegistryClient.factory(handlers, ref.apiHost(), ref.repository(), mountFrom, http.client);
        credential.ifPresent(factory::setCredential);
        factory.setUserAgent("condock");
        RegistryClient client = factory.newRegistryClient();
        RegistrySession session = new RegistrySession(client, http);
        try {
            // Bearer-token registries answer the probe with a token realm; basic-auth ones (distribution with
            // htpasswd) do not, and then the credential goes as Basic on every request.
            boolean bearer = push ? client.doPushBearerAuth() : client.doPullBearerAuth();
            if (!bearer && credential.isPresent()) {
                client.configureBasicAuth();
            }
            return session;
        } catch (IOException | RegistryException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public void close() {
        http.close();
    }
}

package dev.condock.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.http.Authorization;
import com.google.cloud.tools.jib.http.FailoverHttpClient;
import com.google.cloud.tools.jib.http.Request;
import com.google.cloud.tools.jib.http.Response;
import com.google.cloud.tools.jib.http.ResponseException;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * OCI 1.1 referrers: an artifact manifest whose {@code subject} is an image, found again through the referrers
 * API ({@code GET /v2/<name>/referrers/<digest>}) where the registry has it, else through the tag-schema fallback
 * (an index of referrers at tag {@code sha256-<hex>}, which this class keeps up to date). Distribution 2.x
 * (Debian's docker-registry) has no referrers API: there the fallback tag is the only way back.
 */
final class Referrers {
    static final String EMPTY_MEDIA_TYPE = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY = "{}".getBytes(StandardCharsets.UTF_8);

    private final JibRegistry registry;

    Referrers(JibRegistry registry) {
        this.registry = registry;
    }

    /** Pushes {@code content} as an artifact referring to {@code subject}; returns the artifact manifest's digest. */
    String push(
            ImageReference repo,
            Descriptor subject,
            String artifactType,
            byte[] content,
            String title,
            Map<String, String> annotations)
            throws CondockException {
        Descriptor blob = new Descriptor(
                artifactType,
                "sha256:" + Hashing.sha256Hex(content),
                content.length,
                Map.of("org.opencontainers.image.title", title));
        Descriptor config = new Descriptor(EMPTY_MEDIA_TYPE, "sha256:" + Hashing.sha256Hex(EMPTY), EMPTY.length);
        ObjectNode m = Json.CANONICAL.createObjectNode();
        m.put("schemaVersion", 2);
        m.put("mediaType", Descriptor.OCI_MANIFEST);
        m.put("artifactType", artifactType);
        m.set("config", json(config));
        m.putArray("layers").add(json(blob));
        m.set("subject", json(new Descriptor(subject.mediaType(), subject.digest(), subject.size())));
        if (!annotations.isEmpty()) {
            ObjectNode a = m.putObject("annotations");
            new TreeMap<>(annotations).forEach(a::put);
        }
        byte[] bytes = Json.canonicalBytes(m);
        String digest = "sha256:" + Hashing.sha256Hex(bytes);
        Descriptor md = new Descriptor(Descriptor.OCI_MANIFEST, digest, bytes.length);
        ImageBlobs artifact = new ImageBlobs(
                md,
                bytes,
                config,
                EMPTY,
                List.of(new ImageBlobs.Layer(blob, () -> new ByteArrayInputStream(content), null)));
        // One session for the look-ups, the artifact and the fallback tag: each session of its own cost a ping
        // (and jib's https probe of an insecure host) and new connections, ~60% of the referrer's time (issue 15).
        Retrier retrier = new Retrier(registry.options().retry(), PushListener.NONE);
        try (RegistrySession s = registry.open(repo, null, true, retrier)) {
            // A rebuild pushes the same artifact again: when the subject's referrers already list it, the artifact
            // (pushed before any index names it) and its index entry are there, and nothing needs to move.
            Optional<JsonNode> api = get(s.http, repo, "referrers/" + subject.digest(), Descriptor.OCI_INDEX);
            Optional<JsonNode> fallback = api.isPresent()
                    ? Optional.empty()
                    : get(s.http, repo, "manifests/" + fallbackTag(subject.digest()), Descriptor.OCI_INDEX);
            if (lists(api.isPresent() ? api : fallback, digest)) {
                return digest;
            }
            registry.push(s, repo.withDigest(digest), artifact);
            if (api.isEmpty()) {
                updateFallbackTag(
                        s,
                        repo,
                        subject.digest(),
                        new Descriptor(Descriptor.OCI_MANIFEST, digest, bytes.length, annotations),
                        artifactType,
                        fallback);
            }
            return digest;
        } catch (IOException | com.google.cloud.tools.jib.api.RegistryException e) {
            throw RegistryErrors.translate("push to", repo, e, false);
        }
    }

    /** The referrers of {@code subjectDigest}: from the API when the registry has it, else the fallback tag. */
    List<JsonNode> list(ImageReference repo, String subjectDigest) throws CondockException {
        Optional<JsonNode> index = apiIndex(repo, subjectDigest);
        if (index.isEmpty()) {
            index = get(repo, "manifests/" + fallbackTag(subjectDigest), Descriptor.OCI_INDEX);
        }
        List<JsonNode> out = new ArrayList<>();
        index.ifPresent(i -> i.path("manifests").forEach(out::add));
        return out;
    }

    static String fallbackTag(String digest) {
        return digest.replace(':', '-');
    }

    /** The referrers API's answer, or empty when the registry has no such API (404, 400, 405...). */
    private Optional<JsonNode> apiIndex(ImageReference repo, String digest) throws CondockException {
        return get(repo, "referrers/" + digest, Descriptor.OCI_INDEX);
    }

    private static boolean lists(Optional<JsonNode> index, String digest) {
        if (index.isPresent()) {
            for (JsonNode d : index.get().path("manifests")) {
                if (d.path("digest").asText().equals(digest)) {
                    return true;
                }
            }
        }
        return false;
    }

    private void updateFallbackTag(
            RegistrySession s,
            ImageReference repo,
            String subjectDigest,
            Descriptor artifact,
            String type,
            Optional<JsonNode> existing)
            throws CondockException {
        ObjectNode index = Json.CANONICAL.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", Descriptor.OCI_INDEX);
        ArrayNode ms = index.putArray("manifests");
        // keep every other referrer (cosign's, other tools') as it was
        existing.ifPresent(e -> e.path("manifests").forEach(d -> {
            if (!d.path("digest").asText().equals(artifact.digest())) {
                ms.add(d);
            }
        }));
        ObjectNode d = json(artifact);
        d.put("artifactType", type);
        ms.add(d);
        ImageReference tag = new ImageReference(repo.registry(), repo.repository(), fallbackTag(subjectDigest), null);
        registry.putManifest(s, tag, Json.canonicalBytes(index), Descriptor.OCI_INDEX);
    }

    /** A GET on the repository's API: the JSON body on 200, empty on 404/400/405/401 (no such API, no such tag). */
    private Optional<JsonNode> get(ImageReference repo, String path, String accept) throws CondockException {
        try (SessionHttp http = registry.transport().client(registry.options().isInsecure(repo.registry()), e -> {})) {
            return get(http, repo, path, accept);
        }
    }

    /** {@link #get} over an open session's HTTP client (its connections, not its registry authorization). */
    private Optional<JsonNode> get(SessionHttp session, ImageReference repo, String path, String accept)
            throws CondockException {
        FailoverHttpClient http = session.client;
        try {
            Request.Builder req = Request.builder().setAccept(List.of(accept)).setUserAgent("condock");
            Optional<Credential> c = Credentials.find(repo, registry.options().environment());
            c.ifPresent(
                    cr -> req.setAuthorization(Authorization.fromBasicCredentials(cr.getUsername(), cr.getPassword())));
            URL url = new URL("https://" + repo.apiHost() + "/v2/" + repo.repository() + "/" + path);
            // under the one retry policy: a 503 or reset here is as transient as anywhere else in a push
            return new Retrier(registry.options().retry(), PushListener.NONE).call("read " + path, () -> {
                try (Response r = http.get(url, req.build());
                        InputStream body = r.getBody()) {
                    return r.getStatusCode() == 200
                            ? Optional.of(Json.CANONICAL.readTree(body))
                            : Optional.<JsonNode>empty();
                }
            });
        } catch (com.google.cloud.tools.jib.api.RegistryException e) {
            throw CondockException.environment(repo.repositoryName() + ": " + path + ": " + e.getMessage(), e);
        } catch (ResponseException e) {
            int s = e.getStatusCode();
            if (s == 404 || s == 400 || s == 405 || s == 401 || s == 403) {
                // no referrers API / no fallback tag yet; a token registry also lands here and gets the fallback
                return Optional.empty();
            }
            throw CondockException.environment(repo.repositoryName() + ": " + path + " answered " + s, e);
        } catch (IOException e) {
            throw CondockException.environment("cannot reach " + repo.registry() + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode json(Descriptor d) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("mediaType", d.mediaType());
        o.put("digest", d.digest());
        o.put("size", d.size());
        if (!d.annotations().isEmpty()) {
            ObjectNode a = o.putObject("annotations");
            new TreeMap<>(d.annotations()).forEach(a::put);
        }
        return o;
    }
}

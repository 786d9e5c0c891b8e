package dev.condock.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Credential;
import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.Blobs;
import com.google.cloud.tools.jib.image.json.ManifestListTemplate;
import com.google.cloud.tools.jib.image.json.ManifestTemplate;
import com.google.cloud.tools.jib.image.json.V21ManifestTemplate;
import com.google.cloud.tools.jib.json.JsonTemplateMapper;
import com.google.cloud.tools.jib.registry.ManifestAndDigest;
import dev.condock.image.BlobSource;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageIndex;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import dev.condock.util.Workers;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.security.DigestException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Registry} over jib-core 0.28.1's low-level {@code RegistryClient} (not jib's public API: it stays inside
 * this package). Only blobs and manifests move; jib's high-level image building is never used, because it
 * downloads base layers before mounting them.
 */
public final class JibRegistry implements Registry {
    private final RegistryOptions options;
    private final Transport transport;
    /** Where uploads run; null: each push makes its own, of {@code parallelUploads} threads. */
    private final Workers workers;

    public JibRegistry(RegistryOptions options) throws CondockException {
        this(options, null);
    }

    /** Uploads run on {@code workers} (a build's), at most {@code parallelUploads} at once. */
    public JibRegistry(RegistryOptions options, Workers workers) throws CondockException {
        this.options = options;
        this.transport = Transport.create(options.caFiles());
        this.workers = workers;
    }

    RegistryOptions options() {
        return options;
    }

    Transport transport() {
        return transport;
    }

    /**
     * Pushes {@code content} as an OCI 1.1 artifact whose subject is {@code subject} (an image of {@code repo}), and
     * keeps the referrers tag-schema fallback index when the registry has no referrers API; returns its digest.
     */
    public String pushReferrer(
            ImageReference repo,
            Descriptor subject,
            String artifactType,
            byte[] content,
            String title,
            Map<String, String> annotations)
            throws CondockException {
        return new Referrers(this).push(repo, subject, artifactType, content, title, annotations);
    }

    /** The referrers of {@code subjectDigest} in {@code repo} (descriptors as the registry lists them). */
    public List<JsonNode> referrers(ImageReference repo, String subjectDigest) throws CondockException {
        return new Referrers(this).list(repo, subjectDigest);
    }

    /**
     * Repositories whose pulls go anonymously: the credential (one for every registry, from CONDOCK_REGISTRY_*)
     * was refused there but anonymous access works, e.g. a public base on Docker Hub with CI credentials meant for
     * the target registry.
     */
    private final java.util.Set<String> anonymousPull = java.util.concurrent.ConcurrentHashMap.newKeySet();

    RegistrySession open(ImageReference ref, String mountFrom, boolean push, Retrier retrier)
            throws CondockException, IOException, RegistryException {
        boolean anonymous = !push && anonymousPull.contains(ref.repositoryName());
        Optional<Credential> credential = anonymous ? Optional.empty() : Credentials.find(ref, options.environment());
        boolean insecure = options.isInsecure(ref.registry());
        return retrier.call(
                "connect to " + ref.registry(),
                () -> RegistrySession.open(transport, insecure, ref, mountFrom, credential, push));
    }

    @Override
    public PushResult push(ImageReference target, ImageBlobs image, PushListener listener) throws CondockException {
        if (workers != null) {
            return new Pusher(this, target, image, listener, workers, null).run();
        }
        try (Workers own = Workers.of(options.parallelUploads())) {
            return new Pusher(this, target, image, listener, own, null).run();
        }
    }

    /** {@link #push} through an open session of {@code target}'s repository, which stays open. */
    PushResult push(RegistrySession session, ImageReference target, ImageBlobs image) throws CondockException {
        try (Workers own = Workers.of(options.parallelUploads())) {
            return new Pusher(this, target, image, PushListener.NONE, own, session).run();
        }
    }

    @Override
    public RemoteImage pull(ImageReference ref, Platform platform) throws CondockException {
        Retrier retrier = new Retrier(options.retry(), PushListener.NONE);
        try {
            return pullWith(ref, platform, retrier);
        } catch (IOException | RegistryException e) {
            CondockException error = RegistryErrors.translate("read base image", ref, e, true);
            if (!RegistryErrors.isDenied(e)
                    || anonymousPull.contains(ref.repositoryName())
                    || Credentials.find(ref, options.environment()).isEmpty()) {
                throw error;
            }
            // The credential was refused: a public base may still be readable anonymously.
            anonymousPull.add(ref.repositoryName());
            try {
                return pullWith(ref, platform, retrier);
            } catch (IOException | RegistryException anonymousFailure) {
                anonymousPull.remove(ref.repositoryName());
                throw error;
            }
        }
    }

    @Override
    public String digestOf(ImageReference ref) throws CondockException {
        if (ref.digest() != null) {
            return ref.digest();
        }
        Retrier retrier = new Retrier(options.retry(), PushListener.NONE);
        try (RegistrySession s = open(ref, null, false, retrier)) {
            return retrier.call("read manifest", () -> s.client.pullManifest(ref.qualifier()))
                    .getDigest()
                    .toString();
        } catch (IOException | RegistryException e) {
            throw RegistryErrors.translate("read image", ref, e, true);
        }
    }

    private RemoteImage pullWith(ImageReference ref, Platform platform, Retrier retrier)
            throws CondockException, IOException, RegistryException {
        try (RegistrySession s = open(ref, null, false, retrier)) {
            ManifestAndDigest<ManifestTemplate> m =
                    retrier.call("read manifest", () -> s.client.pullManifest(ref.qualifier()));
            if (m.getManifest() instanceof ManifestListTemplate list) {
                List<String> digests = list.getDigestsForPlatform(platform.architecture(), platform.os());
                if (digests.isEmpty()) {
                    throw CondockException.user("base image " + ref + " has no " + platform.os() + "/"
                            + platform.architecture() + " image in its index");
                }
                String chosen = digests.get(0);
                m = retrier.call("read manifest", () -> s.client.pullManifest(chosen));
            }
            ManifestTemplate manifest = m.getManifest();
            if (manifest instanceof V21ManifestTemplate) {
                throw CondockException.user(
                        "base image " + ref + " uses Docker manifest schema 1, which is not supported");
            }
            JsonNode node = Json.CANONICAL.readTree(JsonTemplateMapper.toUtf8String(manifest));
            Descriptor config = descriptor(node.get("config"));
            List<Descriptor> layers = new ArrayList<>();
            for (JsonNode layer : node.path("layers")) {
                layers.add(descriptor(layer));
            }
            byte[] configBytes = retrier.call("read config", () -> readBlob(s, config));
            // jib re-serializes the manifest, so its byte size is not known here; the digest is the registry's.
            Descriptor manifestDescriptor = new Descriptor(
                    manifest.getManifestMediaType(), m.getDigest().toString(), -1);
            return new RemoteImage(ref, manifestDescriptor, config, configBytes, layers);
        }
    }

    /**
     * Puts a manifest or index whose blobs are already in {@code ref}'s repository (an index over images pushed by
     * digest); returns its digest.
     */
    /**
     * Pushes every platform's image by digest, then the index under the target's tag: the tag names the index
     * only once every manifest and blob it reaches is present.
     */
    public List<PushResult> pushIndex(ImageReference target, ImageIndex index, PushListener listener)
            throws CondockException {
        List<PushResult> out = new java.util.ArrayList<>();
        for (ImageIndex.PlatformImage pi : index.images()) {
            out.add(push(target.withDigest(pi.image().manifest().digest()), pi.image(), listener));
        }
        putManifest(target, index.bytes(), index.descriptor().mediaType());
        listener.manifestPushed(target, index.descriptor().digest());
        return out;
    }

    String putManifest(ImageReference ref, byte[] bytes, String mediaType) throws CondockException {
        Retrier retrier = new Retrier(options.retry(), PushListener.NONE);
        try (RegistrySession s = open(ref, null, true, retrier)) {
            return putManifest(s, ref, bytes, mediaType);
        } catch (IOException | RegistryException e) {
            throw RegistryErrors.translate("push to", ref, e, false);
        }
    }

    /** Puts a manifest through an open session of {@code ref}'s repository. */
    String putManifest(RegistrySession s, ImageReference ref, byte[] bytes, String mediaType) throws CondockException {
        try {
            new Retrier(options.retry(), PushListener.NONE)
                    .call(
                            "push manifest",
                            () -> s.client.pushManifest(new RawManifestTemplate(bytes, mediaType), ref.qualifier()));
            return "sha256:" + Hashing.sha256Hex(bytes);
        } catch (IOException | RegistryException e) {
            throw RegistryErrors.translate("push to", ref, e, false);
        }
    }

    private static byte[] readBlob(RegistrySession s, Descriptor blob) throws IOException {
        byte[] bytes = Blobs.writeToByteArray(s.client.pullBlob(digest(blob.digest()), size -> {}, n -> {}));
        if (!("sha256:" + Hashing.sha256Hex(bytes)).equals(blob.digest())) {
            throw new IOException("blob " + blob.digest() + " does not match its digest");
        }
        return bytes;
    }

    private static Descriptor descriptor(JsonNode n) {
        Map<String, String> annotations = new HashMap<>();
        n.path("annotations")
                .fields()
                .forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Descriptor(
                n.path("mediaType").asText(),
                n.path("digest").asText(),
                n.path("size").asLong(),
                annotations);
    }

    @Override
    public BlobSource blobSource(ImageReference repo, Descriptor blob) {
        return () -> {
            PipedInputStream in = new PipedInputStream(1 << 16);
            PipedOutputStream out = new PipedOutputStream(in);
            java.util.concurrent.atomic.AtomicReference<Throwable> failure =
                    new java.util.concurrent.atomic.AtomicReference<>();
            Thread t = new Thread(
                    () -> {
                        Retrier retrier = new Retrier(options.retry(), PushListener.NONE);
                        try (RegistrySession s = open(repo, null, false, retrier)) {
                            Blob b = s.client.pullBlob(digest(blob.digest()), size -> {}, n -> {});
                            b.writeTo(out);
                        } catch (Exception e) {
                            // Recorded before the pipe closes: the reader then throws instead of seeing a short blob.
                            failure.compareAndSet(null, e);
                        } finally {
                            try {
                                out.close();
                            } catch (IOException ignored) {
                                // the reader has gone
                            }
                        }
                    },
                    "condock-blob-" + blob.hex().substring(0, 12));
            t.setDaemon(true);
            t.start();
            return new VerifiedBlobStream(in, blob.digest(), blob.size(), failure::get);
        };
    }

    static DescriptorDigest digest(String digest) throws IOException {
        try {
            return DescriptorDigest.fromDigest(digest);
        } catch (DigestException e) {
            throw new IOException("invalid digest " + digest, e);
        }
    }
}

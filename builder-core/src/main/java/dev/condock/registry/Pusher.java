package dev.condock.registry;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.api.RegistryException;
import com.google.cloud.tools.jib.blob.Blob;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import dev.condock.image.BlobSource;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One push: config and layers in parallel (each checked first, then mounted or uploaded), the manifest last, so
 * the tag only ever names an image whose blobs are all present.
 */
final class Pusher {
    private final JibRegistry registry;
    private final ImageReference target;
    private final ImageBlobs image;
    private final PushListener listener;
    private final Workers workers;
    private final Retrier retrier;
    /** An open session to push through (the caller's, left open), or null: the push opens its own. */
    private final RegistrySession session;

    private final AtomicInteger pushed = new AtomicInteger();
    private final AtomicInteger skipped = new AtomicInteger();
    private final AtomicInteger mounted = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();

    Pusher(
            JibRegistry registry,
            ImageReference target,
            ImageBlobs image,
            PushListener listener,
            Workers workers,
            RegistrySession session) {
        this.registry = registry;
        this.session = session;
        this.target = target;
        this.image = image;
        this.listener = listener;
        this.workers = workers;
        this.retrier = new Retrier(registry.options().retry(), listener);
    }

    /** A blob to send: where its bytes come from and which repository of the target registry may have it. */
    private record Item(Descriptor descriptor, BlobSource source, ImageReference mountFrom, boolean isLayer) {}

    PushResult run() throws CondockException {
        long start = System.nanoTime();
        String manifestDigest = "sha256:" + Hashing.sha256Hex(image.manifestBytes());
        if (target.digest() != null && !target.digest().equals(manifestDigest)) {
            throw CondockException.user("cannot push to " + target + ": the built image's digest is " + manifestDigest);
        }
        List<Item> items = items();
        String mountRepo = items.stream()
                .filter(i -> i.mountFrom() != null)
                .map(i -> i.mountFrom().repository())
                .findFirst()
                .orElse(null);
        RegistrySession s = null;
        try {
            s = session != null ? session : registry.open(target, mountRepo, true, retrier);
            RegistrySession open = s;
            // at most parallelUploads at once, fewer when the workers have fewer threads
            workers.map(items, registry.options().parallelUploads(), item -> {
                try {
                    pushBlob(open, item);
                } catch (IOException | RegistryException e) {
                    throw RegistryErrors.translate("push to", target, e, false);
                }
                return null;
            });
            String mediaType = image.manifest().mediaType();
            retrier.call(
                    "push manifest",
                    () -> open.client.pushManifest(
                            new RawManifestTemplate(image.manifestBytes(), mediaType), target.qualifier()));
            listener.manifestPushed(target, manifestDigest);
        } catch (IOException | RegistryException e) {
            throw RegistryErrors.translate("push to", target, e, false);
        } finally {
            if (s != null && s != session) {
                s.close();
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new PushResult(
                target,
                manifestDigest,
                image.manifestBytes().length,
                pushed.get(),
                skipped.get(),
                mounted.get(),
                bytes.get(),
                seconds);
    }

    private List<Item> items() throws CondockException {
        Map<String, Item> byDigest = new LinkedHashMap<>();
        byte[] config = image.configBytes();
        byDigest.put(
                image.config().digest(), new Item(image.config(), () -> new ByteArrayInputStream(config), null, false));
        for (ImageBlobs.Layer layer : image.layers()) {
            ImageReference from = null;
            if (layer.mountFrom() != null) {
                from = ImageReference.parse(layer.mountFrom());
            }
            BlobSource source = layer.source();
            if (source == null) {
                if (from == null) {
                    throw CondockException.user("cannot push to " + target + ": layer "
                            + layer.descriptor().digest()
                            + " has neither local bytes nor a repository to take it from");
                }
                // Read from the base's registry only if the target has it neither already nor by mount.
                source = registry.blobSource(from, layer.descriptor());
            }
            ImageReference mountable = from != null && from.registry().equals(target.registry()) ? from : null;
            byDigest.putIfAbsent(layer.descriptor().digest(), new Item(layer.descriptor(), source, mountable, true));
        }
        return List.copyOf(byDigest.values());
    }

    private void pushBlob(RegistrySession s, Item item) throws IOException, RegistryException {
        Descriptor d = item.descriptor();
        DescriptorDigest digest = JibRegistry.digest(d.digest());
        String shortName = d.digest().substring(7, 19);
        listener.blobStarted(d.digest(), d.size());
        Optional<BlobDescriptor> present = retrier.call("check blob " + shortName, () -> s.client.checkBlob(digest));
        if (present.isPresent()) {
            count(item, skipped);
            listener.blobDone(d.digest(), d.size(), PushListener.Outcome.SKIPPED);
            return;
        }
        String from = item.mountFrom() == null ? null : item.mountFrom().repository();
        Blob blob = new KnownDigestBlob(item.source(), digest, d.size());
        boolean exists = retrier.call("upload blob " + shortName, () -> {
            AtomicLong attempt = new AtomicLong();
            return s.client.pushBlob(digest, blob, from, n -> {
                bytes.addAndGet(n);
                listener.blobProgress(d.digest(), attempt.addAndGet(n), d.size());
            });
        });
        PushListener.Outcome outcome = !exists
                ? PushListener.Outcome.PUSHED
                : from != null ? PushListener.Outcome.MOUNTED : PushListener.Outcome.SKIPPED;
        count(
                item,
                switch (outcome) {
                    case PUSHED -> pushed;
                    case MOUNTED -> mounted;
                    case SKIPPED -> skipped;
                });
        listener.blobDone(d.digest(), d.size(), outcome);
    }

    /** Only layers count in the summary; the config blob always moves with the image. */
    private static void count(Item item, AtomicInteger counter) {
        if (item.isLayer()) {
            counter.incrementAndGet();
        }
    }
}

package dev.condock.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.cache.Integrity;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.layer.LayerWriter;
import dev.condock.lock.LockFile;
import dev.condock.model.PackageRecord;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The no-op rebuild: the same lock (by its bytes, every package pinned by sha256), platform, prefix, compression,
 * mtime, labels and plan options on the same base (by manifest digest) give the same image, so the manifest, config
 * and layer descriptors of the last such build are reused without fetching, unpacking or hashing a package, as long
 * as every layer blob of ours is still in {@code <cache>/blobs/sha256}; the base's layers come from the base as this
 * build resolved it. Kept in {@code <cache>/builds/<key>.json}.
 */
final class BuildCache {
    /** What a hit gives back: the image and the warnings its build reported. */
    record Hit(ImageBlobs image, List<String> warnings) {}

    private final Path dir;
    private final Path blobDir;
    private final Integrity integrity;
    private final Consumer<String> warn;

    BuildCache(Path cacheRoot, Consumer<String> warn) {
        this.dir = cacheRoot.resolve("builds");
        this.blobDir = cacheRoot.resolve("blobs").resolve("sha256");
        this.integrity = new Integrity(cacheRoot);
        this.warn = warn;
    }

    /** The key, or null when this build cannot be reused (a base of unknown digest, a package without sha256). */
    static String key(BuildRequest req, PlatformInputs in, String plannerId) {
        LockFile lock = in.lock();
        if (plannerId == null || (req.base() != null && in.base().digest() == null)) {
            return null;
        }
        for (PackageRecord r : lock.packages()) {
            if (r.sha256() == null) {
                return null; // the URL's bytes could change under the same lock
            }
        }
        StringBuilder sb = new StringBuilder("condock-build\0")
                .append(LayerWriter.FORMAT_VERSION)
                .append('\0')
                .append(lock.sha256())
                .append('\0')
                .append(in.platform().subdir())
                .append('\0')
                .append(req.prefix())
                .append('\0')
                .append(req.compression())
                .append('\0')
                .append(String.join("\0", req.prefetch()))
                .append('\0')
                .append(req.mtime())
                .append('\0')
                .append(plannerId)
                .append('\0')
                // the base decides the lower layers, the whiteouts, the packages not installed again and labels
                .append(Objects.toString(in.base().reference(), "scratch"))
                .append('\0')
                .append(Objects.toString(in.base().digest(), ""))
                .append('\0');
        new TreeMap<>(req.labels())
                .forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        // Env/Entrypoint/Cmd/WorkingDir/User change the config, so the digest: they belong in the key
        sb.append(new String(dev.condock.util.Json.canonicalBytes(req.config()), StandardCharsets.UTF_8));
        // the virtual packages reach the config's labels (and, solving, the package set): part of the key too
        sb.append('\0').append(in.virtualPackages().describe());
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The layer table of a cached image: every layer of ours came from the cache. */
    static List<BuildResult.LayerReport> layerReports(ImageBlobs image) {
        List<BuildResult.LayerReport> out = new ArrayList<>();
        for (ImageBlobs.Layer l : image.layers()) {
            String name = l.descriptor().annotations().get(Labels.ANNOTATION_LAYER);
            if (name != null && !name.equals(dev.condock.provenance.ProvenanceRecord.LAYER_NAME)) {
                out.add(new BuildResult.LayerReport(
                        name, l.descriptor().digest(), l.descriptor().size(), true));
            }
        }
        return out;
    }

    /** The cached image, its base layers taken from {@code base} (the base this build resolved, same digest). */
    Optional<Hit> get(String key, BaseImage base) {
        if (key == null) {
            return Optional.empty();
        }
        Path rec = dir.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(rec)) {
                return Optional.empty();
            }
            JsonNode n = Json.CANONICAL.readTree(rec.toFile());
            byte[] manifest = Base64.getDecoder().decode(n.path("manifest").asText());
            byte[] config = Base64.getDecoder().decode(n.path("config").asText());
            List<ImageBlobs.Layer> layers = new ArrayList<>();
            Map<String, ImageBlobs.Layer> baseLayers = new HashMap<>();
            base.layers().forEach(l -> baseLayers.put(l.descriptor().digest(), l));
            for (JsonNode l : n.path("layers")) {
                String digest = l.path("digest").asText();
                ImageBlobs.Layer fromBase = baseLayers.get(digest);
                if (fromBase != null) {
                    layers.add(fromBase);
                    continue;
                }
                Path blob = blobDir.resolve(digest.substring("sha256:".length()));
                // a corrupt blob is removed here: the build runs, and writes that layer again
                if (!integrity.blobIntact(blob, l.path("size").asLong(), warn)) {
                    return Optional.empty();
                }
                Map<String, String> ann = new TreeMap<>();
                l.path("annotations")
                        .fields()
                        .forEachRemaining(e -> ann.put(e.getKey(), e.getValue().asText()));
                layers.add(new ImageBlobs.Layer(
                        new Descriptor(
                                l.path("mediaType").asText(),
                                digest,
                                l.path("size").asLong(),
                                ann),
                        new dev.condock.image.VerifiedBlob(blob), // checked just above
                        null));
            }
            Descriptor md = new Descriptor(
                    n.path("manifestMediaType").asText(), "sha256:" + Hashing.sha256Hex(manifest), manifest.length);
            Descriptor cd = new Descriptor(
                    n.path("configMediaType").asText(), "sha256:" + Hashing.sha256Hex(config), config.length);
            List<String> warnings = new ArrayList<>();
            n.path("warnings").forEach(w -> warnings.add(w.asText()));
            return Optional.of(new Hit(new ImageBlobs(md, manifest, cd, config, layers), warnings));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // unreadable record: build again
        }
    }

    void put(String key, ImageBlobs image, List<String> warnings) throws IOException {
        if (key == null) {
            return;
        }
        ObjectNode n = Json.CANONICAL.createObjectNode();
        n.put("manifest", Base64.getEncoder().encodeToString(image.manifestBytes()));
        n.put("manifestMediaType", image.manifest().mediaType());
        n.put("config", Base64.getEncoder().encodeToString(image.configBytes()));
        n.put("configMediaType", image.config().mediaType());
        ArrayNode layers = n.putArray("layers");
        for (ImageBlobs.Layer l : image.layers()) {
            ObjectNode o = layers.addObject();
            o.put("digest", l.descriptor().digest());
            o.put("size", l.descriptor().size());
            o.put("mediaType", l.descriptor().mediaType());
            ObjectNode a = o.putObject("annotations");
            l.descriptor().annotations().forEach(a::put);
        }
        ArrayNode w = n.putArray("warnings");
        warnings.forEach(w::add);
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve(key + ".json"), Json.CANONICAL.writeValueAsBytes(n));
    }
}

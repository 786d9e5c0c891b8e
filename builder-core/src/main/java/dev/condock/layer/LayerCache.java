package dev.condock.layer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.cache.Integrity;
import dev.condock.image.Descriptor;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Remembers which blob a layer became: key (a hash of everything that decides the layer's bytes) → digest,
 * diff_id and size, in {@code <cache>/layers/<key>.json}. A hit whose blob is still in {@code blobs/sha256} means
 * the layer is neither tarred nor compressed again.
 */
public final class LayerCache {
    /**
     * Bump when the installer's output for the same package and options changes (prefix replacement, entry-point
     * scripts, conda-meta records): cached layers made by the old rules must not be reused.
     */
    static final int INSTALL_RULES_VERSION = 1;

    private final Path dir;
    private final Path blobDir;
    private final Integrity integrity;
    private final Consumer<String> warn;

    public LayerCache(Path cacheRoot) {
        this(cacheRoot, w -> {});
    }

    /** {@code warn} hears of a corrupt blob found (and removed) on a hit. */
    public LayerCache(Path cacheRoot, Consumer<String> warn) {
        this.dir = cacheRoot.resolve("layers");
        this.blobDir = cacheRoot.resolve("blobs").resolve("sha256");
        this.integrity = new Integrity(cacheRoot);
        this.warn = warn;
    }

    /**
     * The layer's identity: writer and install-rules versions, compression, mtime, prefix, python version (only
     * when a noarch python package is in it: its paths depend on it), each package's whole record (dist, sha256,
     * url, channel), and the entry list (which also records the paths a package lost to a clobbering one).
     * Without archive hashes (and for the top layer), the file bytes are hashed too.
     */
    public static String key(PlannedLayer layer, String prefix, String python, Compression compression, long mtime)
            throws IOException {
        MessageDigest md = Hashing.sha256();
        StringBuilder sb = header("condock-layer", compression, mtime, prefix);
        boolean hashContents = layer.packages().isEmpty();
        boolean noarchPython = false;
        for (PackageRecord r : layer.packages()) {
            // the whole record, not just dist and sha256: its url and channel go into conda-meta/<dist>.json
            sb.append("pkg\0")
                    .append(new String(Json.canonicalBytes(r), StandardCharsets.UTF_8))
                    .append('\0');
            hashContents |= r.sha256() == null;
            noarchPython |= r.isNoarchPython();
        }
        if (noarchPython) {
            sb.append("python\0").append(python).append('\0');
        }
        md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        // entry by entry into the digest (the same bytes as one big string): 300,000 entries never make one
        for (TreeEntry e : layer.entries()) {
            sb.setLength(0);
            sb.append(e.path())
                    .append('\0')
                    .append(e.kind())
                    .append('\0')
                    .append(Integer.toOctalString(e.mode()))
                    .append('\0')
                    .append(e.linkTarget())
                    .append('\0')
                    .append(e.size())
                    .append('\n');
            md.update(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (hashContents) {
            byte[] buf = new byte[1 << 16];
            for (TreeEntry e : layer.entries()) {
                if (e.kind() == TreeEntry.Kind.FILE) {
                    try (InputStream in = Files.newInputStream(e.content())) {
                        for (int n; (n = in.read(buf)) > 0; ) {
                            md.update(buf, 0, n);
                        }
                    }
                }
            }
        }
        return Hashing.hex(md.digest());
    }

    /**
     * The key of a package layer from its inputs alone, so a hit needs no install: what {@link #key} hashes from
     * the installed entries is decided by these (the archives by their sha256, the installer by its rules version,
     * prefix and python), plus the paths each package lost to a later one (clobbering, decided by the whole
     * environment). Null when a record has no sha256 (then only the installed bytes can say).
     *
     * @param lost   dist → the paths that package lost (sorted)
     * @param python the environment's python tag, taken when a package in the layer is noarch: python
     */
    public static String inputKey(
            PlannedLayer layer,
            Map<String, List<String>> lost,
            java.util.Set<String> noarchDists,
            String prefix,
            String python,
            Compression compression,
            long mtime) {
        if (layer.packages().isEmpty()) {
            return null;
        }
        StringBuilder sb = header("condock-layer-inputs", compression, mtime, prefix);
        boolean noarch = false;
        for (PackageRecord r : layer.packages()) {
            if (r.sha256() == null) {
                return null;
            }
            sb.append("pkg\0")
                    .append(new String(Json.canonicalBytes(r), StandardCharsets.UTF_8))
                    .append('\0');
            for (String path : lost.getOrDefault(r.dist(), List.of())) {
                sb.append("lost\0").append(path).append('\0');
            }
            noarch |= noarchDists.contains(r.dist());
        }
        if (noarch) {
            sb.append("python\0").append(python).append('\0');
        }
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** What every key starts with: its kind, the writer's and installer's versions and the build's settings. */
    private static StringBuilder header(String kind, Compression compression, long mtime, String prefix) {
        return new StringBuilder()
                .append(kind)
                .append('\0')
                .append(LayerWriter.FORMAT_VERSION)
                .append('\0')
                .append(INSTALL_RULES_VERSION)
                .append('\0')
                .append(compression.name())
                .append('\0')
                .append(mtime)
                .append('\0')
                .append(prefix)
                .append('\0');
    }

    /**
     * The cached layer for {@code key}, when its record and its blob are both there and the blob is intact
     * ({@link Integrity}: a corrupt one is removed and reported, and this is a miss, so the layer is written again).
     */
    public Optional<WrittenLayer> get(String key) {
        Path rec = dir.resolve(key + ".json");
        try {
            if (!Files.isRegularFile(rec)) {
                return Optional.empty();
            }
            JsonNode n = Json.CANONICAL.readTree(rec.toFile());
            String digest = n.path("digest").asText();
            long size = n.path("size").asLong(-1);
            if (!digest.matches("sha256:[0-9a-f]{64}")) {
                return Optional.empty();
            }
            Path blob = blobDir.resolve(digest.substring("sha256:".length()));
            if (!integrity.blobIntact(blob, size, warn)) {
                return Optional.empty();
            }
            Map<String, String> ann = new TreeMap<>(); // eStargz's TOC digest and uncompressed size
            n.path("annotations")
                    .fields()
                    .forEachRemaining(f -> ann.put(f.getKey(), f.getValue().asText()));
            return Optional.of(new WrittenLayer(
                    new Descriptor(n.path("mediaType").asText(), digest, size, ann),
                    n.path("diffId").asText(),
                    blob));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // a broken record is a miss: the layer is written again
        }
    }

    /** Records the layer; its blob was hashed as it was written, so it is stamped as verified. */
    public void put(String key, WrittenLayer layer) throws IOException {
        integrity.record(layer.blob());
        Files.createDirectories(dir);
        ObjectNode n = Json.CANONICAL.createObjectNode();
        n.put("digest", layer.descriptor().digest());
        n.put("diffId", layer.diffId());
        n.put("mediaType", layer.descriptor().mediaType());
        n.put("size", layer.descriptor().size());
        if (!layer.descriptor().annotations().isEmpty()) {
            ObjectNode ann = n.putObject("annotations");
            new TreeMap<>(layer.descriptor().annotations()).forEach(ann::put);
        }
        AtomicFiles.write(
                dir.resolve(key + ".json"), Json.CANONICAL.writeValueAsString(n).getBytes(StandardCharsets.UTF_8));
    }
}

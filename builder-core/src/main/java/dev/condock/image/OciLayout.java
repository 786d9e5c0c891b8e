package dev.condock.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.model.Platform;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout directory: {@code oci-layout}, {@code index.json} (tags as ref.name annotations), and
 * {@code blobs/sha256/<hex>}. Blobs are written before the index names them, each atomically, so a reader
 * never finds a tag whose blobs are missing. Several tags may share one layout.
 */
public final class OciLayout {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";

    private final Path dir;

    public OciLayout(Path dir) {
        this.dir = dir;
    }

    public Path blobPath(String digest) {
        return dir.resolve("blobs").resolve("sha256").resolve(digest.substring(digest.indexOf(':') + 1));
    }

    /** The tag an oci: target without one gets, as docker and umoci expect. */
    public static final String DEFAULT_TAG = "latest";

    /** Writes all blobs the layout lacks, then points {@code tag} (default "latest") at the manifest. */
    public void write(ImageBlobs image, String tag) throws CondockException {
        if (tag == null) {
            tag = DEFAULT_TAG;
        }
        try {
            putImage(image);
            lockedUpdateIndex(image.manifest(), tag);
        } catch (IOException e) {
            throw CondockException.environment("cannot write OCI layout " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes every platform's image, then the index blob, then points {@code tag} at the index. */
    public void write(ImageIndex index, String tag) throws CondockException {
        if (tag == null) {
            tag = DEFAULT_TAG;
        }
        try {
            for (ImageIndex.PlatformImage pi : index.images()) {
                putImage(pi.image());
            }
            putBytes(index.descriptor().digest(), index.bytes());
            lockedUpdateIndex(index.descriptor(), tag);
        } catch (IOException e) {
            throw CondockException.environment("cannot write OCI layout " + dir + ": " + e.getMessage(), e);
        }
    }

    private void putImage(ImageBlobs image) throws CondockException, IOException {
        Files.createDirectories(dir.resolve("blobs").resolve("sha256"));
        // what a killed build left half-written here (temp names only: final names are always whole)
        dev.condock.cache.CacheSweeper.sweepTemps(dir.resolve("blobs").resolve("sha256"));
        dev.condock.cache.CacheSweeper.sweepTemps(dir);
        for (ImageBlobs.Layer l : image.layers()) {
            if (l.source() == null) {
                throw CondockException.user("layer " + l.descriptor().digest() + " is not available locally; "
                        + "an oci: target needs every layer (use an oci: or local base)");
            }
            putBlob(l.descriptor().digest(), l.source());
        }
        putBytes(image.config().digest(), image.configBytes());
        putBytes(image.manifest().digest(), image.manifestBytes());
    }

    private void putBytes(String digest, byte[] bytes) throws IOException {
        Path p = blobPath(digest);
        if (!Files.exists(p)) {
            AtomicFiles.write(p, bytes);
        }
    }

    private void putBlob(String digest, BlobSource source) throws IOException {
        Path p = blobPath(digest);
        if (Files.exists(p)) {
            return;
        }
        Path tmp = AtomicFiles.tempSibling(p);
        try {
            if (source instanceof VerifiedBlob fresh && link(fresh.file(), tmp)) {
                AtomicFiles.commit(tmp, p); // the cache blob was hashed or checked by this build, moments ago
                return;
            }
            // hashed on the way (the bytes are read anyway): a blob that is not what its digest says never gets a
            // final name here, whatever the cache under it holds
            java.security.MessageDigest md = dev.condock.util.Hashing.sha256();
            try (InputStream in = new java.security.DigestInputStream(source.open(), md)) {
                Files.copy(in, tmp);
            }
            String got = "sha256:" + dev.condock.util.Hashing.hex(md.digest());
            if (!got.equals(digest)) {
                throw new IOException("blob " + digest + " read back as " + got
                        + " (a corrupt cache entry: run condock cache verify)");
            }
            AtomicFiles.commit(tmp, p);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** A hard link of {@code file} at {@code tmp} (replacing the empty temp file); false where links do not go. */
    private static boolean link(Path file, Path tmp) {
        try {
            Files.deleteIfExists(tmp);
            Files.createLink(tmp, file);
            return true;
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // another file system, or none that links: copied and hashed below
        }
    }

    /**
     * index.json is read, changed and replaced: two builds tagging into one layout would lose a tag, so the update
     * holds a lock on the layout's {@code oci-layout} file (other processes) and on this class (other threads).
     */
    private void lockedUpdateIndex(Descriptor manifest, String tag) throws IOException {
        Path layout = dir.resolve("oci-layout");
        synchronized (OciLayout.class) {
            if (!Files.exists(layout)) {
                try {
                    Files.write(
                            layout,
                            "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8),
                            java.nio.file.StandardOpenOption.CREATE_NEW,
                            java.nio.file.StandardOpenOption.WRITE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // another process made it first: same content
                }
            }
            try (java.nio.channels.FileChannel ch =
                            java.nio.channels.FileChannel.open(layout, java.nio.file.StandardOpenOption.WRITE);
                    java.nio.channels.FileLock ignored = ch.lock()) {
                updateIndex(manifest, tag);
            }
        }
    }

    private void updateIndex(Descriptor manifest, String tag) throws IOException {
        Path indexFile = dir.resolve("index.json");
        ObjectNode index;
        if (Files.exists(indexFile)) {
            index = (ObjectNode) Json.CANONICAL.readTree(indexFile.toFile());
        } else {
            index = Json.CANONICAL.createObjectNode();
            index.put("schemaVersion", 2);
            index.put("mediaType", Descriptor.OCI_INDEX);
        }
        ArrayNode old = index.has("manifests") ? (ArrayNode) index.get("manifests") : Json.CANONICAL.createArrayNode();
        ArrayNode kept = Json.CANONICAL.createArrayNode();
        for (JsonNode m : old) {
            String ref = m.path("annotations").path(REF_NAME).asText(null);
            boolean sameTag = tag != null && tag.equals(ref);
            boolean sameUntagged = tag == null
                    && ref == null
                    && manifest.digest().equals(m.path("digest").asText());
            if (!sameTag && !sameUntagged) {
                kept.add(m);
            }
        }
        ObjectNode d = kept.addObject();
        d.put("mediaType", manifest.mediaType());
        d.put("digest", manifest.digest());
        d.put("size", manifest.size());
        if (tag != null) {
            d.putObject("annotations").put(REF_NAME, tag);
        }
        index.set("manifests", kept);
        AtomicFiles.write(
                indexFile, Json.CANONICAL.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
    }

    /** Reads the image that {@code tag} names (or the only one, when tag is null) from this layout. */
    public ImageBlobs read(String tag) throws CondockException {
        return read(tag, null);
    }

    /**
     * Reads the image that {@code tag} names; when that is an image index, the manifest for {@code platform}
     * (null: an index is an error).
     */
    public ImageBlobs read(String tag, Platform platform) throws CondockException {
        Path indexFile = dir.resolve("index.json");
        if (!Files.isRegularFile(indexFile)) {
            throw CondockException.user(dir + ": not an OCI image layout (no index.json)");
        }
        try {
            JsonNode index = Json.CANONICAL.readTree(indexFile.toFile());
            List<JsonNode> candidates = new ArrayList<>();
            for (JsonNode m : index.path("manifests")) {
                String ref = m.path("annotations").path(REF_NAME).asText(null);
                if (tag == null || tag.equals(ref)) {
                    candidates.add(m);
                }
            }
            if (tag == null && candidates.size() > 1) {
                List<JsonNode> latest = candidates.stream()
                        .filter(m -> DEFAULT_TAG.equals(
                                m.path("annotations").path(REF_NAME).asText(null)))
                        .toList();
                if (latest.size() == 1) {
                    candidates = latest;
                }
            }
            if (candidates.isEmpty()) {
                throw CondockException.user(dir + ": no image tagged '" + tag + "'");
            }
            if (candidates.size() > 1) {
                throw CondockException.user(
                        dir + ": holds " + candidates.size() + " images; name one with oci:" + dir + ":TAG");
            }
            JsonNode md = candidates.get(0);
            Descriptor manifestDesc = new Descriptor(
                    md.path("mediaType").asText(Descriptor.OCI_MANIFEST),
                    md.path("digest").asText(),
                    md.path("size").asLong());
            byte[] manifestBytes = readBlob(manifestDesc.digest());
            JsonNode manifest = Json.CANONICAL.readTree(manifestBytes);
            if (manifest.has("manifests")) {
                if (platform == null) {
                    throw CondockException.user(dir + ": " + (tag == null ? "the image" : tag)
                            + " is an image index; name a platform (--platform)");
                }
                manifestDesc = select(manifest, platform, tag);
                manifestBytes = readBlob(manifestDesc.digest());
                manifest = Json.CANONICAL.readTree(manifestBytes);
            }
            Descriptor config = Manifests.descriptor(manifest.path("config"));
            byte[] configBytes = readBlob(config.digest());
            List<ImageBlobs.Layer> layers = new ArrayList<>();
            for (JsonNode l : manifest.path("layers")) {
                Descriptor ld = Manifests.descriptor(l);
                Path p = blobPath(ld.digest());
                layers.add(new ImageBlobs.Layer(ld, () -> Files.newInputStream(p), null));
            }
            return new ImageBlobs(manifestDesc, manifestBytes, config, configBytes, layers);
        } catch (IOException e) {
            throw CondockException.user(dir + ": cannot read OCI layout: " + e.getMessage());
        }
    }

    /** The index entry for {@code platform}: os and architecture must match, and the variant when both name one. */
    private Descriptor select(JsonNode index, Platform platform, String tag) throws CondockException {
        List<String> offered = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            JsonNode p = m.path("platform");
            String variant = p.path("variant").asText(null);
            offered.add(p.path("os").asText() + "/" + p.path("architecture").asText()
                    + (variant == null ? "" : "/" + variant));
            if (p.path("os").asText().equals(platform.os())
                    && p.path("architecture").asText().equals(platform.architecture())
                    && (variant == null || platform.variant() == null || variant.equals(platform.variant()))) {
                return new Descriptor(
                        m.path("mediaType").asText(Descriptor.OCI_MANIFEST),
                        m.path("digest").asText(),
                        m.path("size").asLong());
            }
        }
        throw CondockException.user(dir + ": " + (tag == null ? "the index" : tag) + " has no image for "
                + platform.os() + "/" + platform.architecture() + " (it has " + String.join(", ", offered) + ")");
    }

    private byte[] readBlob(String digest) throws CondockException, IOException {
        Path p = blobPath(digest);
        if (!Files.isRegularFile(p)) {
            throw CondockException.user(dir + ": blob " + digest + " is missing");
        }
        return Files.readAllBytes(p);
    }
}

package dev.condock.image;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * A tar that {@code docker load} and {@code podman load} read: {@code manifest.json} (Config, RepoTags, Layers)
 * beside an OCI layout's {@code oci-layout}, {@code index.json} and {@code blobs/sha256/}, as Docker 25 writes.
 */
public final class DockerArchive {
    private DockerArchive() {}

    public static void write(ImageBlobs image, Path file, String repoTag) throws CondockException {
        Path tmp = null;
        try {
            tmp = AtomicFiles.tempSibling(file);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16);
                    TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
                tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                dir(tar, "blobs/");
                dir(tar, "blobs/sha256/");
                Set<String> written = new LinkedHashSet<>();
                for (ImageBlobs.Layer l : image.layers()) {
                    if (l.source() == null) {
                        throw CondockException.user("layer " + l.descriptor().digest()
                                + " is not available locally; docker-archive needs every layer");
                    }
                    if (written.add(l.descriptor().digest())) {
                        blob(tar, l.descriptor(), l.source());
                    }
                }
                bytes(tar, "blobs/sha256/" + image.config().hex(), image.configBytes());
                bytes(tar, "blobs/sha256/" + image.manifest().hex(), image.manifestBytes());

                ArrayNode manifest = Json.CANONICAL.createArrayNode();
                ObjectNode m = manifest.addObject();
                m.put("Config", "blobs/sha256/" + image.config().hex());
                ArrayNode tags = m.putArray("RepoTags");
                if (repoTag != null) {
                    tags.add(repoTag);
                }
                ArrayNode layers = m.putArray("Layers");
                image.layers()
                        .forEach(
                                l -> layers.add("blobs/sha256/" + l.descriptor().hex()));
                bytes(tar, "manifest.json", Json.canonicalBytes(manifest));
                bytes(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes());
                ObjectNode index = Json.CANONICAL.createObjectNode();
                index.put("schemaVersion", 2);
                index.put("mediaType", Descriptor.OCI_INDEX);
                ObjectNode d = index.putArray("manifests").addObject();
                d.put("mediaType", image.manifest().mediaType());
                d.put("digest", image.manifest().digest());
                d.put("size", image.manifest().size());
                if (repoTag != null) {
                    d.putObject("annotations")
                            .put("io.containerd.image.name", repoTag)
                            .put(OciLayout.REF_NAME, repoTag.substring(repoTag.lastIndexOf(':') + 1));
                }
                bytes(tar, "index.json", Json.canonicalBytes(index));
                tar.finish();
            }
            AtomicFiles.commit(tmp, file);
        } catch (IOException e) {
            throw CondockException.environment("cannot write docker archive " + file + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // nothing more to do
                }
            }
        }
    }

    /** Reads an archive written by {@link #write} (or any with an OCI index.json): manifest, config, layers. */
    public static ImageBlobs read(Path file) throws CondockException {
        if (!Files.isRegularFile(file)) {
            throw CondockException.user(file + ": docker archive not found");
        }
        try {
            byte[] indexBytes = member(file, "index.json");
            if (indexBytes == null) {
                throw CondockException.user(file + ": not a docker archive with an OCI index.json");
            }
            var index = Json.CANONICAL.readTree(indexBytes);
            var md = index.path("manifests").path(0);
            Descriptor manifestDesc = Manifests.descriptor(md);
            byte[] manifestBytes = member(file, "blobs/sha256/" + manifestDesc.hex());
            byte[] configBytes = null;
            var manifest = Json.CANONICAL.readTree(manifestBytes);
            Descriptor config = Manifests.descriptor(manifest.path("config"));
            configBytes = member(file, "blobs/sha256/" + config.hex());
            java.util.List<ImageBlobs.Layer> layers = new java.util.ArrayList<>();
            for (var l : manifest.path("layers")) {
                Descriptor d = Manifests.descriptor(l);
                layers.add(new ImageBlobs.Layer(
                        d, () -> new java.io.ByteArrayInputStream(member(file, "blobs/sha256/" + d.hex())), null));
            }
            return new ImageBlobs(manifestDesc, manifestBytes, config, configBytes, layers);
        } catch (IOException | RuntimeException e) {
            throw CondockException.user(file + ": cannot read docker archive: " + e.getMessage());
        }
    }

    private static byte[] member(Path file, String name) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        return null;
    }

    private static TarArchiveEntry entry(String name, long size) {
        TarArchiveEntry e = new TarArchiveEntry(name, true);
        e.setSize(size);
        e.setMode(name.endsWith("/") ? 040755 : 0100644);
        e.setModTime(FileTime.fromMillis(0));
        e.setUserName("");
        e.setGroupName("");
        return e;
    }

    private static void dir(TarArchiveOutputStream tar, String name) throws IOException {
        tar.putArchiveEntry(entry(name, 0));
        tar.closeArchiveEntry();
    }

    private static void bytes(TarArchiveOutputStream tar, String name, byte[] data) throws IOException {
        tar.putArchiveEntry(entry(name, data.length));
        tar.write(data);
        tar.closeArchiveEntry();
    }

    private static void blob(TarArchiveOutputStream tar, Descriptor d, BlobSource src) throws IOException {
        tar.putArchiveEntry(entry("blobs/sha256/" + d.hex(), d.size()));
        try (InputStream in = src.open()) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
    }
}

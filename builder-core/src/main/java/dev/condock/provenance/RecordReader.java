package dev.condock.provenance;

import com.github.luben.zstd.ZstdInputStream;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads an image's record back from its record layer alone (found by its {@code dev.condock.layer: record}
 * annotation): no other layer is downloaded or unpacked.
 */
public final class RecordReader {
    private RecordReader() {}

    /** Whether {@code image} has a record layer. */
    public static boolean hasRecord(ImageBlobs image) {
        return image.layers().stream()
                .anyMatch(l -> ProvenanceRecord.LAYER_NAME.equals(
                        l.descriptor().annotations().get("dev.condock.layer")));
    }

    /** The record layer of {@code image}; a user error when the image has none (not built by condock ≥ this). */
    public static ImageBlobs.Layer recordLayer(ImageBlobs image, String name) throws CondockException {
        for (ImageBlobs.Layer l : image.layers()) {
            if (ProvenanceRecord.LAYER_NAME.equals(l.descriptor().annotations().get("dev.condock.layer"))) {
                return l;
            }
        }
        throw CondockException.user(name + ": the image has no condock record layer (annotation dev.condock.layer: "
                + "record); it was not built by a condock that embeds one");
    }

    /** File name → bytes of every file under {@code conda-meta/condock/} in the layer. */
    public static Map<String, byte[]> files(ImageBlobs.Layer layer, String name) throws CondockException {
        if (layer.source() == null) {
            throw CondockException.environment(name + ": the record layer's bytes are not available");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (InputStream raw = new BufferedInputStream(layer.source().open());
                InputStream un = decompress(raw, layer.descriptor().mediaType());
                TarArchiveInputStream tar = new TarArchiveInputStream(un)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String path = e.getName();
                int at = path.indexOf(ProvenanceRecord.DIR + "/");
                if (!e.isFile() || at < 0) {
                    continue;
                }
                String file = path.substring(at + ProvenanceRecord.DIR.length() + 1);
                if (file.isEmpty() || file.contains("/") || file.startsWith(".")) {
                    continue; // only the record's own flat files; never a path that leaves the output directory
                }
                out.put(file, tar.readAllBytes());
            }
        } catch (IOException e) {
            throw CondockException.environment(name + ": cannot read the record layer: " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * The fixed mtime the layer's entries carry: what every layer of the build was written with (the config's
     * {@code created} may be the newest package's time instead, so it cannot tell).
     */
    public static Long entryMtime(ImageBlobs.Layer layer, String name) throws CondockException {
        if (layer.source() == null) {
            return null;
        }
        try (InputStream raw = new BufferedInputStream(layer.source().open());
                InputStream un = decompress(raw, layer.descriptor().mediaType());
                TarArchiveInputStream tar = new TarArchiveInputStream(un)) {
            TarArchiveEntry e = tar.getNextEntry();
            return e == null ? null : e.getModTime().toInstant().getEpochSecond();
        } catch (IOException e) {
            throw CondockException.environment(name + ": cannot read the record layer: " + e.getMessage(), e);
        }
    }

    private static InputStream decompress(InputStream in, String mediaType) throws IOException {
        return switch (mediaType) {
            case Descriptor.LAYER_ZSTD -> new ZstdInputStream(in);
            case Descriptor.LAYER_TAR -> in;
            default -> new GzipCompressorInputStream(in, true);
        };
    }
}

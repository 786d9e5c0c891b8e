package dev.condock.app;

import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app layer: every app file in one layer above the environment's, so a code change re-pushes only this
 * layer. Its bytes depend only on the files' paths, contents, executable bits (or {@code mode:}) and owners, and
 * on the build's mtime and compression.
 *
 * @param written the blob
 * @param entries how many entries it holds (parents not counted)
 */
public record AppLayer(WrittenLayer written, int entries) {
    /** The layer annotation's value ({@code dev.condock.layer: app}); diff and inspect match layers on it. */
    public static final String NAME = "app";

    /** Writes the layer into {@code blobDir} (content addressed: the same bytes are written once). */
    public static AppLayer write(
            List<AppFile> files, Compression compression, long mtime, Workers workers, Path blobDir)
            throws CondockException {
        List<LayerEntry> entries = AppFiles.entries(files);
        try {
            Files.createDirectories(blobDir);
            return new AppLayer(new LayerWriter(compression, mtime, workers).write(entries, blobDir), entries.size());
        } catch (IOException e) {
            throw CondockException.environment("cannot write the app layer: " + e.getMessage(), e);
        }
    }

    /** The layer as the manifest lists it, annotated {@code dev.condock.layer: app}. */
    public ImageBlobs.Layer imageLayer(String layerAnnotation) {
        Descriptor d = written.descriptor();
        Map<String, String> ann = new TreeMap<>(d.annotations()); // eStargz: the TOC digest and size
        ann.put(layerAnnotation, NAME);
        Path blob = written.blob();
        return new ImageBlobs.Layer(
                new Descriptor(d.mediaType(), d.digest(), d.size(), ann), () -> Files.newInputStream(blob), null);
    }

    /** The config's history entry. */
    public ConfigBuilder.AddedLayer history() {
        return new ConfigBuilder.AddedLayer(written.diffId(), "condock: app files (" + entries + " entries)", NAME);
    }
}

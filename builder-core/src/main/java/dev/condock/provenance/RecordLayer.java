package dev.condock.provenance;

import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Writes the record as one small layer, with the same fixed mtime/owner as every condock layer. */
public final class RecordLayer {
    private RecordLayer() {}

    /**
     * @param staging an empty directory the files are staged in (the layer writer reads files, not bytes)
     */
    public static WrittenLayer write(
            ProvenanceRecord record,
            String prefix,
            Compression compression,
            long mtime,
            Workers workers,
            Path staging,
            Path blobDir)
            throws IOException {
        Files.createDirectories(staging);
        List<LayerEntry> entries = new ArrayList<>();
        String root = prefix.replaceAll("^/+", "");
        for (Map.Entry<String, byte[]> f : record.files().entrySet()) {
            Path staged = staging.resolve(f.getKey());
            Files.write(staged, f.getValue());
            entries.add(LayerEntry.file(
                    root + "/" + ProvenanceRecord.DIR + "/" + f.getKey(), 0644, staged, f.getValue().length));
        }
        return new LayerWriter(compression, mtime, workers).write(entries, blobDir);
    }
}

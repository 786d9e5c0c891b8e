package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** An image's files (mode and text) and its layers ("name=packages"), for the pip build tests. */
final class PipLockBuildTestAccess {
    private PipLockBuildTestAccess() {}

    static Map<String, String> files(BuildResult r, List<String> layerNames) throws Exception {
        return files(r.image(), layerNames);
    }

    static Map<String, String> files(ImageBlobs image, List<String> layerNames) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (ImageBlobs.Layer l : image.layers()) {
            layerNames.add(l.descriptor().annotations().getOrDefault(Labels.ANNOTATION_LAYER, "?") + "="
                    + l.descriptor().annotations().getOrDefault(Labels.ANNOTATION_PACKAGES, ""));
            try (InputStream in = l.source().open();
                    TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
                for (TarArchiveEntry e; (e = tar.getNextEntry()) != null; ) {
                    out.put(
                            e.getName(),
                            e.isDirectory()
                                    ? "dir"
                                    : Integer.toOctalString(e.getMode() & 07777) + " "
                                            + new String(tar.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }
}

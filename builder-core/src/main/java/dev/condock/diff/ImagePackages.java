package dev.condock.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.base.LayerScan;
import dev.condock.base.LayerScanner;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conda packages an image holds, read from the conda-meta records visible at the top of its layer stack
 * (whiteouts applied): the same source whichever way the image was made, so a lock built into the cache and a
 * pulled image compare alike. Archive size from the record's {@code size}, installed size from its
 * {@code paths_data} ({@code size_in_bytes}), each -1 when the record lacks it.
 */
public final class ImagePackages {
    private ImagePackages() {}

    /**
     * @param prefix the conda prefix to read ("/opt/conda"), or null for every conda-meta directory in the image
     */
    public static List<PackageEntry> of(ImageBlobs image, String prefix, Path cacheRoot) throws CondockException {
        LayerScanner scanner = new LayerScanner(cacheRoot);
        Map<String, String> meta = new TreeMap<>();
        for (ImageBlobs.Layer l : image.layers()) {
            LayerScan s = scanner.scan(l);
            for (String dir : s.opaqueDirs()) meta.keySet().removeIf(k -> k.startsWith(dir + "/"));
            for (String w : s.whiteouts()) meta.keySet().removeIf(k -> k.equals(w) || k.startsWith(w + "/"));
            meta.putAll(s.condaMeta());
        }
        String dir = prefix == null ? null : (prefix.replaceAll("^/+|/+$", "") + "/conda-meta/").replaceAll("^/", "");
        List<PackageEntry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (dir != null && (!e.getKey().startsWith(dir) || e.getKey().indexOf('/', dir.length()) >= 0)) continue;
            out.add(entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    static PackageEntry entry(String path, String json) throws CondockException {
        JsonNode r;
        try {
            r = Json.CANONICAL.readTree(json);
        } catch (IOException e) {
            throw CondockException.user("image " + path + ": not valid JSON: " + e.getMessage());
        }
        String name = r.path("name").asText("");
        if (name.isEmpty()) throw CondockException.user("image " + path + ": conda record without a name");
        long installed = -1;
        JsonNode paths = r.path("paths_data").path("paths");
        if (paths.isArray()) {
            installed = 0;
            for (JsonNode p : paths)
                installed += Math.max(0, p.path("size_in_bytes").asLong(0));
        }
        return PackageEntry.conda(
                name,
                r.path("version").asText(""),
                r.path("build").asText(""),
                r.path("size").asLong(-1),
                installed);
    }
}

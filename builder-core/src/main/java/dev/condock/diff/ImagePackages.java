package dev.condock.diff;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.base.LayerScan;
import dev.condock.base.LayerScanner;
import dev.condock.image.ImageBlobs;
import dev.condock.pipeline.Labels;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The conda packages an image holds (and the pip wheels condock installed: see {@link #pipOf}), read from the
 * conda-meta records visible at the top of its layer stack
 * (whiteouts applied): the same source whichever way the image was made, so a lock built into the cache and a
 * pulled image compare alike. Archive size from the record's {@code size}, installed size from its
 * {@code paths_data} ({@code size_in_bytes}), each -1 when the record lacks it.
 */
public final class ImagePackages {
    private static final String PIP_PREFIX = "pypi:";
    private static final String PIP_SUFFIX = "-pypi";

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
        List<PackageEntry> pip = new ArrayList<>();
        for (ImageBlobs.Layer l : image.layers()) {
            pip.addAll(pipOf(l.descriptor().annotations().get(Labels.ANNOTATION_PACKAGES)));
        }
        String dir = prefix == null ? null : (prefix.replaceAll("^/+|/+$", "") + "/conda-meta/").replaceAll("^/", "");
        List<PackageEntry> out = new ArrayList<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (dir != null && (!e.getKey().startsWith(dir) || e.getKey().indexOf('/', dir.length()) >= 0)) continue;
            out.add(entry(e.getKey(), e.getValue()));
        }
        out.addAll(pip);
        return out;
    }

    /**
     * The pip distributions a layer holds, from its {@code dev.condock.packages} annotation, where condock names
     * each wheel {@code pypi:<name>-<version>-pypi} (PEP 440 versions hold no '-', so the last one splits them).
     * Sizes are not recorded there: -1.
     */
    static List<PackageEntry> pipOf(String annotation) {
        List<PackageEntry> out = new ArrayList<>();
        if (annotation == null) return out;
        for (String dist : annotation.split(" ")) {
            if (!dist.startsWith(PIP_PREFIX) || !dist.endsWith(PIP_SUFFIX)) continue;
            String nv = dist.substring(PIP_PREFIX.length(), dist.length() - PIP_SUFFIX.length());
            int dash = nv.lastIndexOf('-');
            if (dash <= 0 || dash == nv.length() - 1) continue;
            out.add(PackageEntry.pip(nv.substring(0, dash), nv.substring(dash + 1), -1, -1));
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

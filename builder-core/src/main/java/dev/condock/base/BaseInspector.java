package dev.condock.base;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ImageBlobs;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the conda prefix, packages, glibc and CUDA version of a base image. condock-built bases name their
 * prefix and packages in labels; any other base (continuumio/miniconda3, pytorch images) has its layers streamed
 * once (cached by digest) and its {@code <prefix>/conda-meta/*.json} read, whiteouts applied layer by layer.
 */
public final class BaseInspector {
    public static final String LABEL_PREFIX = "dev.condock.prefix";
    public static final String LABEL_PACKAGES = "dev.condock.packages";
    /** The virtual packages an image was built for ("__cuda=12.4 __glibc=2.35 ..."): a base's glibc without a scan. */
    public static final String LABEL_VIRTUAL_PACKAGES = "dev.condock.virtual-packages";

    private static final Pattern REQUIRE_CUDA = Pattern.compile("(?:^|\\s)cuda>=(\\d+\\.\\d+)");
    private static final Pattern CUDA_VERSION = Pattern.compile("^(\\d+\\.\\d+)");

    private final LayerScanner scanner;

    public BaseInspector(LayerScanner scanner) {
        this.scanner = scanner;
    }

    /**
     * @param wantedPrefix the prefix the build installs into: the base's packages count only when they live there
     * @param needFiles    whether package file lists are needed (a package must change): forces a layer scan
     */
    public BaseContents inspect(
            byte[] configBytes, List<ImageBlobs.Layer> layers, String wantedPrefix, boolean needFiles)
            throws CondockException {
        if (configBytes == null) {
            return BaseContents.NONE;
        }
        JsonNode cfg;
        try {
            cfg = Json.CANONICAL.readTree(configBytes);
        } catch (IOException e) {
            throw CondockException.user("base image config is not valid JSON: " + e.getMessage());
        }
        String cuda = cuda(cfg.path("config").path("Env"));
        JsonNode labels = cfg.path("config").path("Labels");
        String labelPrefix = labels.path(LABEL_PREFIX).asText(null);
        String labelPackages = labels.path(LABEL_PACKAGES).asText(null);
        if (labelPrefix != null && labelPackages != null && !needFiles) {
            // condock-built: the labels say it all; only glibc may need the layers (unless a label recorded it)
            String vp = labels.path(LABEL_VIRTUAL_PACKAGES).asText(null);
            String glibc = vp != null ? labelValue(vp, "__glibc") : merge(layers).glibc;
            Map<String, BasePackage> pk = new TreeMap<>();
            if (labelPrefix.equals(wantedPrefix)) {
                for (String d : labelPackages.split(" ")) {
                    if (!d.isBlank()) {
                        BasePackage p = BasePackage.fromDist(d);
                        pk.put(p.name(), p);
                    }
                }
            }
            return new BaseContents(labelPrefix, pk, "labels", glibc, cuda);
        }
        Merged m = merge(layers);
        String root = strip(wantedPrefix);
        String metaDir = root.isEmpty() ? "conda-meta/" : root + "/conda-meta/";
        Map<String, BasePackage> pk = new TreeMap<>();
        for (Map.Entry<String, String> e : m.meta.entrySet()) {
            if (!e.getKey().startsWith(metaDir) || e.getKey().indexOf('/', metaDir.length()) >= 0) {
                continue;
            }
            BasePackage p = record(e.getKey(), e.getValue());
            pk.put(p.name(), p);
        }
        return new BaseContents(
                pk.isEmpty() ? null : wantedPrefix, pk, pk.isEmpty() ? "none" : "layers", m.glibc, cuda);
    }

    private record Merged(Map<String, String> meta, String glibc) {}

    /** The conda-meta files visible at the top of the layer stack, and the glibc version. */
    private Merged merge(List<ImageBlobs.Layer> layers) throws CondockException {
        Map<String, String> meta = new TreeMap<>();
        String glibc = null;
        for (ImageBlobs.Layer l : layers) {
            LayerScan s = scanner.scan(l);
            for (String dir : s.opaqueDirs()) {
                meta.keySet().removeIf(k -> k.startsWith(dir + "/"));
            }
            for (String w : s.whiteouts()) {
                meta.keySet().removeIf(k -> k.equals(w) || k.startsWith(w + "/"));
            }
            meta.putAll(s.condaMeta());
            if (s.glibc() != null) {
                glibc = s.glibc();
            }
        }
        return new Merged(meta, glibc);
    }

    private static BasePackage record(String path, String json) throws CondockException {
        try {
            JsonNode r = Json.CANONICAL.readTree(json);
            List<String> files = new ArrayList<>();
            r.path("files").forEach(f -> files.add(f.asText()));
            String name = r.path("name").asText("");
            if (name.isEmpty() || r.path("version").asText("").isEmpty()) {
                throw CondockException.user("base image " + path + ": conda record without name or version");
            }
            return new BasePackage(
                    name, r.path("version").asText(), r.path("build").asText(""), files);
        } catch (IOException e) {
            throw CondockException.user("base image " + path + ": not valid JSON: " + e.getMessage());
        }
    }

    /** CUDA_VERSION=12.4.1 → 12.4; else NVIDIA_REQUIRE_CUDA="cuda>=12.4 brand=..." → 12.4. */
    static String cuda(JsonNode env) {
        String require = null;
        for (JsonNode n : env) {
            String v = n.asText();
            if (v.startsWith("CUDA_VERSION=")) {
                Matcher m = CUDA_VERSION.matcher(v.substring("CUDA_VERSION=".length()));
                if (m.find()) {
                    return m.group(1);
                }
            } else if (v.startsWith("NVIDIA_REQUIRE_CUDA=")) {
                Matcher m = REQUIRE_CUDA.matcher(v.substring("NVIDIA_REQUIRE_CUDA=".length()));
                if (m.find()) {
                    require = m.group(1);
                }
            }
        }
        return require;
    }

    static String labelValue(String label, String name) {
        for (String kv : label.split(" ")) {
            if (kv.startsWith(name + "=")) {
                return kv.substring(name.length() + 1);
            }
        }
        return null;
    }

    static String strip(String p) {
        String s = p == null ? "" : p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

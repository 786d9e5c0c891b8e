package dev.condock.layer;

import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The eStargz prefetch list: image paths each layer writes first, before its {@code .prefetch.landmark}, so that
 * stargz-snapshotter fetches them in one range request when a container starts (the rest is read lazily).
 *
 * <p>Nothing is prioritized unless asked: which files a workload touches at start (an interpreter, some of its
 * stdlib, a CUDA library or two) is known to the user (e.g. from {@code strace -f -e trace=file} or the snapshotter's
 * optimizer), not to condock, and a guess such as "the python stdlib" would prefetch tens of MB per layer on every
 * node for workloads that never import most of it. A path the environment's layers do not hold is an error, not a
 * silently useless entry.
 */
public final class Prefetch {
    private Prefetch() {}

    /**
     * The build's list: the flags' when given, else the spec's; only with eStargz (any other compression has no
     * place for it, and dropping it would hide a mistake).
     */
    public static List<String> choose(List<String> flags, List<String> spec, String specSource, Compression c)
            throws CondockException {
        List<String> chosen = !flags.isEmpty() ? flags : spec;
        String where = !flags.isEmpty() ? "--prefetch" : specSource + ": layers.prefetch";
        for (String p : chosen) {
            if (!p.startsWith("/")) {
                throw CondockException.user(where + ": '" + p + "' is not an absolute path in the image");
            }
        }
        if (!chosen.isEmpty() && c != Compression.ESTARGZ) {
            throw CondockException.user(where + " orders eStargz layers only: it needs --compression estargz (or "
                    + "layers.compression: estargz), not " + c.name().toLowerCase());
        }
        return List.copyOf(chosen);
    }

    /** The listed paths this layer holds (image paths, leading slash gone): they alone change its bytes. */
    public static List<String> inLayer(List<String> prefetch, PlannedLayer layer, String prefix) {
        if (prefetch.isEmpty()) {
            return List.of();
        }
        return EstargzWriter.inLayer(prefetch, imagePaths(layer, prefix));
    }

    /** The layer cache key extended by the listed paths the layer holds (unchanged when it holds none). */
    public static String layerKey(String key, List<String> inLayer) {
        if (inLayer.isEmpty()) {
            return key;
        }
        return Hashing.sha256Hex((key + "\0prefetch\0" + String.join("\0", inLayer)).getBytes(StandardCharsets.UTF_8));
    }

    /** Fails naming the first listed path that no layer of {@code plan} holds. */
    public static void requireFound(List<String> prefetch, List<PlannedLayer> plan, String prefix)
            throws CondockException {
        if (prefetch.isEmpty()) {
            return;
        }
        Set<String> all = new HashSet<>();
        for (PlannedLayer pl : plan) {
            all.addAll(imagePaths(pl, prefix));
        }
        for (String p : prefetch) {
            if (!all.contains(LayerEntry.stripSlashes(p))) {
                throw CondockException.user("--prefetch/layers.prefetch: " + p
                        + " is in none of the environment's layers (an absolute path in the image, like "
                        + prefix + "/bin/python3.11)");
            }
        }
    }

    /** Every image path the layer's tar holds: its entries and their parent directories (as the writer adds). */
    private static Set<String> imagePaths(PlannedLayer layer, String prefix) {
        Set<String> out = new HashSet<>();
        String root = LayerEntry.stripSlashes(prefix);
        for (TreeEntry e : layer.entries()) {
            String p = root.isEmpty() ? e.path() : root + "/" + e.path();
            out.add(p);
            for (int i = p.lastIndexOf('/'); i > 0 && out.add(p.substring(0, i)); i = p.lastIndexOf('/', i - 1)) {
                // parents, up to the first one already there
            }
        }
        return out;
    }
}

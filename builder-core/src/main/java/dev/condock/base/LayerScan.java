package dev.condock.base;

import java.util.List;
import java.util.Map;

/**
 * What one base layer tells us, kept small enough to cache by layer digest.
 *
 * @param condaMeta image path ("opt/conda/conda-meta/zlib-1.3-h0_0.json", no leading slash) → the record's JSON
 * @param whiteouts image paths this layer deletes from the layers below ("a/b" for {@code a/.wh.b})
 * @param opaqueDirs directories this layer empties ({@code dir/.wh..wh..opq})
 * @param glibc     the glibc version a libc in this layer names, or null
 */
public record LayerScan(Map<String, String> condaMeta, List<String> whiteouts, List<String> opaqueDirs, String glibc) {
    public LayerScan {
        condaMeta = Map.copyOf(condaMeta);
        whiteouts = List.copyOf(whiteouts);
        opaqueDirs = List.copyOf(opaqueDirs);
    }
}

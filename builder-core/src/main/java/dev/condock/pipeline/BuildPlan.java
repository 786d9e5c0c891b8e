package dev.condock.pipeline;

import dev.condock.layer.PlannedLayer;
import java.util.List;

/**
 * What a build would write: the layers bottom to top (the base's not included), each layer's cache key (same
 * index), how many layers the base brings, and the dists taken unchanged from the base (space separated).
 */
public record BuildPlan(List<PlannedLayer> layers, List<String> cacheKeys, int baseLayers, String fromBase) {
    public BuildPlan {
        layers = List.copyOf(layers);
        cacheKeys = List.copyOf(cacheKeys);
        fromBase = fromBase == null ? "" : fromBase;
    }

    public BuildPlan(List<PlannedLayer> layers, List<String> cacheKeys, int baseLayers) {
        this(layers, cacheKeys, baseLayers, "");
    }
}

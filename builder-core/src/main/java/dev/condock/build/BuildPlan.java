package dev.condock.build;

import dev.condock.layer.PlannedLayer;

import java.util.List;

/**
 * What a build would write: the layers bottom to top (the base's not included), each layer's cache key (same
 * index), and how many layers the base brings.
 */
public record BuildPlan(List<PlannedLayer> layers, List<String> cacheKeys, int baseLayers) {
    public BuildPlan {
        layers = List.copyOf(layers);
        cacheKeys = List.copyOf(cacheKeys);
    }
}

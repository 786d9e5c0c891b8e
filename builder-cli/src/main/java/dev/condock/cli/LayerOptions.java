package dev.condock.cli;

import dev.condock.layer.PlannerOptions;
import dev.condock.util.CondockException;
import picocli.CommandLine.Option;

/** The planner flags, shared by build, plan and diff. */
public final class LayerOptions {
    @Option(
            names = "--layer-threshold",
            defaultValue = "1M",
            paramLabel = "SIZE",
            description = "a package whose archive is larger gets a layer of its own (default: ${DEFAULT-VALUE})")
    String threshold;

    @Option(
            names = "--max-layers",
            paramLabel = "N",
            description = "layer budget of the whole image, base layers included (default: "
                    + PlannerOptions.DEFAULT_MAX_LAYERS + "; runtimes stop at 127)")
    Integer maxLayers;

    /** The --layer-threshold in bytes. */
    long thresholdBytes() throws CondockException {
        return PlannerOptions.parseSize(threshold);
    }

    PlannerOptions options() throws CondockException {
        return options(null);
    }

    /** With a condock.yaml's {@code layers.max} as the default that --max-layers overrides. */
    PlannerOptions options(Integer specMax) throws CondockException {
        int max = maxLayers != null ? maxLayers : specMax != null ? specMax : PlannerOptions.DEFAULT_MAX_LAYERS;
        return PlannerOptions.of(PlannerOptions.parseSize(threshold), max);
    }
}

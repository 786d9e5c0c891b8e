package dev.condock.cli;

import dev.condock.layer.PlannerOptions;
import dev.condock.util.CondockException;
import picocli.CommandLine.Option;

/** The planner flags, shared by build, plan and diff. */
public final class LayerOptions {
    @Option(names = "--layer-threshold", defaultValue = "1M", paramLabel = "SIZE",
            description = "a package whose archive is larger gets a layer of its own (default: ${DEFAULT-VALUE})")
    String threshold;

    @Option(names = "--max-layers", defaultValue = "" + PlannerOptions.DEFAULT_MAX_LAYERS, paramLabel = "N",
            description = "layer budget of the whole image, base layers included (default: ${DEFAULT-VALUE}; "
                    + "runtimes stop at 127)")
    int maxLayers;

    PlannerOptions options() throws CondockException {
        return PlannerOptions.of(PlannerOptions.parseSize(threshold), maxLayers);
    }
}

package dev.condock.layer;

import dev.condock.install.InstalledEnvironment;
import java.util.List;

/** Decides which installed files go into which layer, bottom to top. Must depend on the package set alone. */
public interface LayerPlanner {
    List<PlannedLayer> plan(InstalledEnvironment env);
}

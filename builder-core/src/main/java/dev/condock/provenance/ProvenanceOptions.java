package dev.condock.provenance;

import java.nio.file.Path;

/**
 * What a build records about itself, and how it vouches for it.
 *
 * @param sbom     the SBOM format embedded in the record layer
 * @param specFile the condock.yaml the build read (its bytes go into the record), or null
 * @param signKey  a PEM private key: every registry target is signed (cosign format) once pushed; or null
 * @param rebuildOf the image this build rebuilds from its record ({@code --from-image}), or null
 */
public record ProvenanceOptions(SbomFormat sbom, Path specFile, Path signKey, FromImage rebuildOf) {
    public static final ProvenanceOptions DEFAULTS = new ProvenanceOptions(SbomFormat.SPDX, null, null, null);
}

package dev.condock.provenance;

import java.nio.file.Path;

/**
 * What a build records about itself.
 *
 * @param sbom     the SBOM format embedded in the record layer
 * @param specFile the condock.yaml the build read (its bytes go into the record), or null
 */
public record ProvenanceOptions(SbomFormat sbom, Path specFile) {
    public static final ProvenanceOptions DEFAULTS = new ProvenanceOptions(SbomFormat.SPDX, null);
}

package dev.condock.provenance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What an SBOM describes: the image's packages, its base, and the time it claims. No wall clock: {@code created}
 * is the image's own created time, so the same build gives the same SBOM bytes.
 *
 * @param name       a name for the image (its prefix and platform)
 * @param created    epoch seconds, the image's created time
 * @param packages   every installed package (any order: sorted here)
 * @param baseName   the base image reference, or null for scratch
 * @param baseDigest the base image's manifest digest, or null
 */
public record SbomInput(String name, long created, List<SbomPackage> packages, String baseName, String baseDigest) {
    public SbomInput {
        List<SbomPackage> sorted = new ArrayList<>(packages);
        sorted.sort(Comparator.comparing(SbomPackage::manager)
                .thenComparing(SbomPackage::name)
                .thenComparing(SbomPackage::version)
                .thenComparing(SbomPackage::purl));
        packages = List.copyOf(sorted);
    }

    /** The packages {@code p} depends on, matched by name within its manager's packages, in package order. */
    public List<SbomPackage> dependenciesOf(SbomPackage p) {
        Map<String, SbomPackage> byName = new HashMap<>();
        for (SbomPackage q : packages) {
            if (q.manager().equals(p.manager())) {
                byName.putIfAbsent(q.name().toLowerCase(java.util.Locale.ROOT), q);
            }
        }
        List<SbomPackage> out = new ArrayList<>();
        for (String d : p.depends()) {
            SbomPackage q = byName.get(d.toLowerCase(java.util.Locale.ROOT));
            if (q != null && q != p && !out.contains(q)) {
                out.add(q);
            }
        }
        out.sort(Comparator.comparingInt(packages::indexOf));
        return out;
    }

    /** The SBOM document's bytes in {@code format} (null for NONE). */
    public byte[] write(SbomFormat format) {
        return switch (format) {
            case SPDX -> SpdxWriter.write(this);
            case CYCLONEDX -> CycloneDxWriter.write(this);
            case NONE -> null;
        };
    }
}

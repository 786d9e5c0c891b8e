package dev.condock.solve;

import dev.condock.model.Platform;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A resolved environment: per platform, the packages in install (dependency-first) order with url, channel
 * and hashes from repodata; the channels used (redacted URLs) and a content hash of the inputs per platform;
 * warnings for the user (malformed repodata records that were skipped).
 */
public record Resolution(
        SortedMap<String, List<SolvedPackage>> packages,
        List<String> channels,
        Map<String, String> contentHash,
        List<String> pip,
        List<String> warnings) {
    public Resolution(
            SortedMap<String, List<SolvedPackage>> packages,
            List<String> channels,
            Map<String, String> contentHash,
            List<String> pip) {
        this(packages, channels, contentHash, pip, List.of());
    }

    /** The packages solved for {@code platform}, in install order. */
    public List<SolvedPackage> packages(Platform platform) {
        List<SolvedPackage> p = packages.get(platform.subdir());
        if (p == null) {
            throw new IllegalArgumentException("not solved for " + platform.subdir());
        }
        return p;
    }
}

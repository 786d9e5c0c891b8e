package dev.condock.solve;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * A resolved environment: per platform, the packages in install (dependency-first) order with url, channel
 * and hashes from repodata; the channels used (redacted URLs) and a content hash of the inputs per platform.
 */
public record Resolution(SortedMap<String, List<SolvedPackage>> packages, List<String> channels,
                         Map<String, String> contentHash, List<String> pip) {}

package dev.condock.pip;

import java.util.List;

/**
 * One wheel chosen by {@link PipResolver}.
 *
 * @param name           PEP 503 normalized name
 * @param version        version as the index spells it (PEP 440)
 * @param filename       wheel file name
 * @param url            where to download it, never with credentials ({@link PipWheels#fetch} adds them); file: for local ones
 * @param sha256         hex digest from the index's hash fragment or computed on download
 * @param requested      a top-level requirement (PEP 376 REQUESTED)
 * @param dependencies   normalized names it requires for this target (markers and extras applied), sorted
 * @param requiresPython its Requires-Python, or null
 * @param requires       each dependency's specifier as its Requires-Dist lines give it ("*" for none; several
 *                       lines for one name joined with ","), by name: conda-lock.yml's pip {@code dependencies}
 */
public record ResolvedWheel(
        String name,
        String version,
        String filename,
        String url,
        String sha256,
        boolean requested,
        List<String> dependencies,
        String requiresPython,
        java.util.Map<String, String> requires) {
    public ResolvedWheel {
        dependencies = List.copyOf(dependencies);
        requires = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(requires));
    }
}

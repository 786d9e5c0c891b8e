package dev.condock.base;

import java.util.List;

/**
 * A conda package the base image already holds.
 *
 * @param name    package name
 * @param version its version
 * @param build   its build string
 * @param files   prefix-relative paths it installed (from its conda-meta record; empty when only the label was read)
 */
public record BasePackage(String name, String version, String build, List<String> files) {
    public BasePackage {
        files = List.copyOf(files);
    }

    public String dist() {
        return name + "-" + version + "-" + build;
    }

    /** Parses "name-version-build" (names may hold dashes; version and build never do). */
    public static BasePackage fromDist(String dist) {
        int b = dist.lastIndexOf('-');
        int v = dist.lastIndexOf('-', b - 1);
        if (v <= 0 || b <= v + 1 || b == dist.length() - 1) {
            throw new IllegalArgumentException("not a dist: " + dist);
        }
        return new BasePackage(dist.substring(0, v), dist.substring(v + 1, b), dist.substring(b + 1), List.of());
    }
}

package dev.condock.model;

import java.util.List;

/**
 * The python an environment runs: major.minor and whether it is a free-threading build (conda's {@code *_cp313t}
 * builds), which puts packages in {@code lib/python3.13t} and the interpreter at {@code bin/python3.13t}. The one
 * value the installer, planner, layer cache and image label read, so they never disagree on the directory.
 *
 * @param version       "3.11"
 * @param freeThreading a free-threading ("t") build
 */
public record PythonAbi(String version, boolean freeThreading) {
    public PythonAbi {
        if (!version.matches("\\d+\\.\\d+")) {
            throw new IllegalArgumentException("python ABI version must be major.minor: " + version);
        }
    }

    /** The python of a package record named python (version "3.13.1", build "h1234_cp313t"), or null. */
    public static PythonAbi of(String version, String build) {
        String[] v = version.split("\\.");
        if (v.length < 2 || !v[0].matches("\\d+") || !v[1].matches("\\d+")) {
            return null;
        }
        return new PythonAbi(v[0] + "." + v[1], build.matches(".*_cp\\d+t$"));
    }

    /** The python that {@code records} install, or null when none is python. */
    public static PythonAbi find(List<PackageRecord> records) {
        for (PackageRecord r : records) {
            if (r.name().equals("python")) {
                return of(r.version(), r.build());
            }
        }
        return null;
    }

    /** "3.11", "3.13t": the suffix of {@code lib/python...} and {@code bin/python...}. */
    public String tag() {
        return freeThreading ? version + "t" : version;
    }

    @Override
    public String toString() {
        return tag();
    }
}

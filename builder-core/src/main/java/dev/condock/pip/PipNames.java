package dev.condock.pip;

import java.util.Locale;

/** PEP 503 name normalization, the one key for projects, extras and installed distributions. */
public final class PipNames {
    private PipNames() {}

    public static String normalize(String name) {
        return name.replaceAll("[-_.]+", "-").toLowerCase(Locale.ROOT);
    }
}

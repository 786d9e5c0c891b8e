package dev.condock.install;

/**
 * One path a package declares (info/paths.json, or info/files + info/has_prefix in old packages).
 *
 * @param path        package-relative path (before noarch python relocation)
 * @param type        how to place it; null when only the archive member can tell (legacy packages)
 * @param sha256      of the file in the package, or null
 * @param size        bytes in the package, or -1
 * @param placeholder prefix placeholder to replace, or null
 * @param binary      true for binary (NUL-padded) replacement, false for text
 */
record ManifestEntry(String path, Type type, String sha256, long size, String placeholder, boolean binary) {
    enum Type {
        HARDLINK,
        SOFTLINK,
        DIRECTORY
    }
}

package dev.condock.diff;

import java.util.Locale;

/**
 * One installed package, as a package-level diff compares them.
 *
 * @param manager        "conda" or "pip" (conda-lock's {@code manager}); a name is unique per manager
 * @param name           package name (pip names normalized as PEP 503 does, so "Foo_Bar" is "foo-bar")
 * @param version        its version
 * @param build          conda build string ("" for pip)
 * @param archiveBytes   size of its archive (what a pull of it downloads, before layer compression), -1 unknown
 * @param installedBytes bytes its files take once installed, -1 unknown
 */
public record PackageEntry(
        String manager, String name, String version, String build, long archiveBytes, long installedBytes) {
    public static final String CONDA = "conda";
    public static final String PIP = "pip";

    public PackageEntry {
        build = build == null ? "" : build;
        if (manager.equals(PIP)) name = name.toLowerCase(Locale.ROOT).replaceAll("[._-]+", "-");
    }

    /** A pip distribution (name PEP 503-normalized); no build string. */
    public static PackageEntry pip(String name, String version, long archiveBytes, long installedBytes) {
        return new PackageEntry(PIP, name, version, "", archiveBytes, installedBytes);
    }

    public static PackageEntry conda(
            String name, String version, String build, long archiveBytes, long installedBytes) {
        return new PackageEntry(CONDA, name, version, build, archiveBytes, installedBytes);
    }

    /** "manager:name": what matches an old entry to a new one. */
    public String key() {
        return manager + ":" + name;
    }

    /** "1.26.4-py311h0_0" (conda) or "2.31.0" (pip). */
    public String versionBuild() {
        return build.isEmpty() ? version : version + "-" + build;
    }
}

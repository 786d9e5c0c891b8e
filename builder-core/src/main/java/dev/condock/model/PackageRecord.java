package dev.condock.model;

import java.util.List;
import java.util.Objects;

/**
 * One conda package as repodata, a lock file or conda-meta describe it. Fields a source does not give are
 * null (strings), -1 (numbers) or empty (lists). {@code url} is where the archive is fetched from and
 * {@code channel} the channel URL it came from (without token or credentials).
 */
public record PackageRecord(
        String name,
        String version,
        String build,
        long buildNumber,
        String subdir,
        String fn,
        String url,
        String channel,
        String md5,
        String sha256,
        long size,
        long timestamp,
        List<String> depends,
        List<String> constrains,
        String noarch,
        String license,
        List<String> trackFeatures,
        String features) {

    public PackageRecord {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(build, "build");
        depends = depends == null ? List.of() : List.copyOf(depends);
        constrains = constrains == null ? List.of() : List.copyOf(constrains);
        trackFeatures = trackFeatures == null ? List.of() : List.copyOf(trackFeatures);
    }

    /** A minimal record: the rest unknown. */
    public static PackageRecord of(String name, String version, String build) {
        return new PackageRecord(name, version, build, -1, null, null, null, null, null, null, -1, -1,
                List.of(), List.of(), null, null, List.of(), null);
    }

    /** "name-version-build", conda's dist string and the stem of its conda-meta file. */
    public String dist() {
        return name + "-" + version + "-" + build;
    }

    public boolean isNoarchPython() {
        return "python".equals(noarch);
    }

    public PackageRecord withUrl(String newUrl, String newChannel, String newFn) {
        return new PackageRecord(name, version, build, buildNumber, subdir, newFn, newUrl, newChannel, md5, sha256,
                size, timestamp, depends, constrains, noarch, license, trackFeatures, features);
    }

    public PackageRecord withSubdir(String newSubdir) {
        return new PackageRecord(name, version, build, buildNumber, newSubdir, fn, url, channel, md5, sha256,
                size, timestamp, depends, constrains, noarch, license, trackFeatures, features);
    }

    public PackageRecord withHashes(String newMd5, String newSha256) {
        return new PackageRecord(name, version, build, buildNumber, subdir, fn, url, channel, newMd5, newSha256,
                size, timestamp, depends, constrains, noarch, license, trackFeatures, features);
    }

    public PackageRecord withDepends(List<String> newDepends) {
        return new PackageRecord(name, version, build, buildNumber, subdir, fn, url, channel, md5, sha256,
                size, timestamp, newDepends, constrains, noarch, license, trackFeatures, features);
    }

    public PackageRecord withSize(long newSize) {
        return new PackageRecord(name, version, build, buildNumber, subdir, fn, url, channel, md5, sha256,
                newSize, timestamp, depends, constrains, noarch, license, trackFeatures, features);
    }

    public PackageRecord withNoarch(String newNoarch) {
        return new PackageRecord(name, version, build, buildNumber, subdir, fn, url, channel, md5, sha256,
                size, timestamp, depends, constrains, newNoarch, license, trackFeatures, features);
    }

    @Override
    public String toString() {
        return dist();
    }
}

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
        return builder(name, version, build).build();
    }

    /** A record to fill in by name; what is not set stays unknown (null, -1 or empty). */
    public static Builder builder(String name, String version, String build) {
        return new Builder(name, version, build);
    }

    /** A builder holding every field of this record, to change some: {@code r.toBuilder().size(n).build()}. */
    public Builder toBuilder() {
        return new Builder(name, version, build)
                .buildNumber(buildNumber)
                .subdir(subdir)
                .fn(fn)
                .url(url)
                .channel(channel)
                .md5(md5)
                .sha256(sha256)
                .size(size)
                .timestamp(timestamp)
                .depends(depends)
                .constrains(constrains)
                .noarch(noarch)
                .license(license)
                .trackFeatures(trackFeatures)
                .features(features);
    }

    /** "name-version-build", conda's dist string and the stem of its conda-meta file. */
    public String dist() {
        return name + "-" + version + "-" + build;
    }

    public boolean isNoarchPython() {
        return "python".equals(noarch);
    }

    /** Named setters for a {@link PackageRecord}; {@link #build()} makes the record. */
    public static final class Builder {
        private final String name;
        private final String version;
        private final String build;
        private long buildNumber = -1;
        private String subdir;
        private String fn;
        private String url;
        private String channel;
        private String md5;
        private String sha256;
        private long size = -1;
        private long timestamp = -1;
        private List<String> depends = List.of();
        private List<String> constrains = List.of();
        private String noarch;
        private String license;
        private List<String> trackFeatures = List.of();
        private String features;

        private Builder(String name, String version, String build) {
            this.name = name;
            this.version = version;
            this.build = build;
        }

        public Builder buildNumber(long v) {
            buildNumber = v;
            return this;
        }

        public Builder subdir(String v) {
            subdir = v;
            return this;
        }

        public Builder fn(String v) {
            fn = v;
            return this;
        }

        public Builder url(String v) {
            url = v;
            return this;
        }

        public Builder channel(String v) {
            channel = v;
            return this;
        }

        public Builder md5(String v) {
            md5 = v;
            return this;
        }

        public Builder sha256(String v) {
            sha256 = v;
            return this;
        }

        public Builder size(long v) {
            size = v;
            return this;
        }

        public Builder timestamp(long v) {
            timestamp = v;
            return this;
        }

        public Builder depends(List<String> v) {
            depends = v;
            return this;
        }

        public Builder constrains(List<String> v) {
            constrains = v;
            return this;
        }

        public Builder noarch(String v) {
            noarch = v;
            return this;
        }

        public Builder license(String v) {
            license = v;
            return this;
        }

        public Builder trackFeatures(List<String> v) {
            trackFeatures = v;
            return this;
        }

        public Builder features(String v) {
            features = v;
            return this;
        }

        /** The record (its name, version and build are checked non-null here). */
        public PackageRecord build() {
            return new PackageRecord(
                    name,
                    version,
                    build,
                    buildNumber,
                    subdir,
                    fn,
                    url,
                    channel,
                    md5,
                    sha256,
                    size,
                    timestamp,
                    depends,
                    constrains,
                    noarch,
                    license,
                    trackFeatures,
                    features);
        }
    }

    @Override
    public String toString() {
        return dist();
    }
}

package dev.condock.install;

import dev.condock.model.PackageRecord;
import java.nio.file.Path;
import java.util.Objects;

/** An archive to install, its record and the spec the user asked for (null when pulled in as a dependency). */
public record PackageToInstall(PackageRecord record, Path archive, String requestedSpec) {
    public PackageToInstall {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(archive, "archive");
    }
}

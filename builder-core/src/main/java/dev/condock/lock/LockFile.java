package dev.condock.lock;

import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import java.util.List;

/**
 * The packages a lock file pins for one platform, in install order (dependencies first).
 *
 * @param source   the file it was read from, for messages
 * @param platform the platform it pins packages for
 * @param packages records with url and md5 and/or sha256 set
 * @param sha256   sha256 of the lock file's bytes: the image label that ties an image to its package set
 * @param content  the lock file's bytes, copied into the image's top layer
 * @param pip      its {@code manager: pip} wheels, sorted by name (installed after the conda packages)
 */
public record LockFile(
        String source,
        Platform platform,
        List<PackageRecord> packages,
        String sha256,
        byte[] content,
        List<LockedWheel> pip) {
    public LockFile {
        packages = List.copyOf(packages);
        pip = pip == null ? List.of() : List.copyOf(pip);
    }

    /** A lock without pip wheels. */
    public LockFile(String source, Platform platform, List<PackageRecord> packages, String sha256, byte[] content) {
        this(source, platform, packages, sha256, content, List.of());
    }
}

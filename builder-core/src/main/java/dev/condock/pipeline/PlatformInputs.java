package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.lock.LockFile;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.solve.Resolution;

/**
 * One platform's inputs, each read or decided once: the base image and what it holds, the virtual packages the
 * target offers, and the lock (read from a file, or solved: then its records come straight from the solve, and
 * {@code resolution} is that solve, null for a lock file).
 */
record PlatformInputs(
        Platform platform,
        BaseImage base,
        BaseContents contents,
        VirtualPackages virtualPackages,
        LockFile lock,
        boolean solved,
        Resolution resolution) {
    /** Inputs of a build from a lock file (no solve). */
    PlatformInputs(
            Platform platform,
            BaseImage base,
            BaseContents contents,
            VirtualPackages virtualPackages,
            LockFile lock,
            boolean solved) {
        this(platform, base, contents, virtualPackages, lock, solved, null);
    }
}

package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.lock.LockFile;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;

/**
 * One platform's inputs, each read or decided once: the base image and what it holds, the virtual packages the
 * target offers, and the lock (read from a file, or solved: then its records come straight from the solve).
 */
record PlatformInputs(Platform platform, BaseImage base, BaseContents contents, VirtualPackages virtualPackages,
                      LockFile lock, boolean solved) {}

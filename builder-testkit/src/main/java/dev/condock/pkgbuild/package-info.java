/**
 * Writes real conda packages and local channels: {@link dev.condock.pkgbuild.CondaPackageWriter} (with
 * {@link dev.condock.pkgbuild.PackageContents} as its builder) makes {@code .conda} and {@code .tar.bz2}
 * files, {@link dev.condock.pkgbuild.ChannelWriter} a file:// channel with repodata.json. Used by test fixtures
 * and the offline quickstart. Output is byte-for-byte deterministic: sorted members, fixed times and owners.
 * {@link dev.condock.pkgbuild.PackageArchiveWriter} writes any members, so tests can also build the malformed
 * and hostile archives no honest package has.
 */
package dev.condock.pkgbuild;

package dev.condock.install;

import java.nio.file.Path;

/**
 * One non-info member of a package archive after the safety checks: a normalized prefix-relative name
 * ("./" stripped), and for files the raw (not yet prefix-replaced) content staged on disk.
 *
 * @param linkTarget a symlink's target as stored, or for a hardlink the name of the file it shares content with
 * @param content    staged raw bytes of a FILE or HARDLINK (a hardlink shares its target's), null otherwise
 * @param sha256     hex sha256 of {@code content}, computed while staging; null when there is no content
 */
record ArchiveMember(String name, Kind kind, int mode, String linkTarget, Path content, long size, String sha256) {
    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK
    }
}

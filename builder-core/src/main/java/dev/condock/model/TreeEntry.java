package dev.condock.model;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One entry of an installed tree, relative to the conda prefix ("lib/libz.so", no leading slash).
 * The metadata here, not the staging file system, decides what goes into a layer: modes survive any umask
 * and links never depend on the builder's file system.
 *
 * @param path       prefix-relative path, '/'-separated, no leading slash, no "." or ".." components
 * @param kind       file, directory, symlink or hardlink
 * @param mode       permission bits (e.g. 0755), without file-type bits
 * @param linkTarget symlink target as stored in the package, or for a hardlink the prefix-relative path of the
 *                   file it links to; null otherwise
 * @param content    for a FILE, where its final bytes (after prefix replacement) lie on disk; null otherwise
 * @param size       bytes of content for a FILE, 0 otherwise
 */
public record TreeEntry(String path, Kind kind, int mode, String linkTarget, Path content, long size) {
    public enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK
    }

    public TreeEntry {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
        if (kind == Kind.FILE) {
            Objects.requireNonNull(content, "content of " + path);
        }
        if (kind == Kind.SYMLINK || kind == Kind.HARDLINK) {
            Objects.requireNonNull(linkTarget, "link target of " + path);
        }
    }

    public static TreeEntry file(String path, int mode, Path content, long size) {
        return new TreeEntry(path, Kind.FILE, mode, null, content, size);
    }

    public static TreeEntry directory(String path, int mode) {
        return new TreeEntry(path, Kind.DIRECTORY, mode, null, null, 0);
    }

    public static TreeEntry symlink(String path, String target) {
        return new TreeEntry(path, Kind.SYMLINK, 0777, target, null, 0);
    }

    public static TreeEntry hardlink(String path, String target, int mode) {
        return new TreeEntry(path, Kind.HARDLINK, mode, target, null, 0);
    }
}

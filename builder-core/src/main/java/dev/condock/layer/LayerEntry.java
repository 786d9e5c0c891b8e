package dev.condock.layer;

import dev.condock.model.TreeEntry;
import java.nio.file.Path;

/**
 * One tar entry of a layer, with its path inside the image ("opt/conda/lib/libz.so", no leading slash).
 * Hardlink targets are image paths too; symlink targets are kept as the package wrote them. Owner uid/gid are 0
 * except for app files given an {@code owner:}.
 */
public record LayerEntry(
        String path, TreeEntry.Kind kind, int mode, String linkTarget, Path content, long size, int uid, int gid) {

    /** An entry owned by root (every package entry). */
    public LayerEntry(String path, TreeEntry.Kind kind, int mode, String linkTarget, Path content, long size) {
        this(path, kind, mode, linkTarget, content, size, 0, 0);
    }

    /** This entry owned by {@code uid:gid}. */
    public LayerEntry ownedBy(int newUid, int newGid) {
        return new LayerEntry(path, kind, mode, linkTarget, content, size, newUid, newGid);
    }

    public static LayerEntry symlink(String path, String target) {
        return new LayerEntry(path, TreeEntry.Kind.SYMLINK, 0777, target, null, 0);
    }

    public static LayerEntry directory(String path) {
        return new LayerEntry(path, TreeEntry.Kind.DIRECTORY, LayerWriter.DIR_MODE, null, null, 0);
    }

    public static LayerEntry hardlink(String path, String target, int mode) {
        return new LayerEntry(path, TreeEntry.Kind.HARDLINK, mode, target, null, 0);
    }

    public static LayerEntry file(String path, int mode, Path content, long size) {
        return new LayerEntry(path, TreeEntry.Kind.FILE, mode, null, content, size);
    }

    /**
     * An OCI whiteout for image path {@code deleted}: the empty file {@code dir/.wh.name}, which hides the lower
     * layers' {@code dir/name} when the image is unpacked.
     */
    public static LayerEntry whiteout(String deleted) {
        String p = stripSlashes(deleted);
        int slash = p.lastIndexOf('/');
        String path = slash < 0 ? ".wh." + p : p.substring(0, slash) + "/.wh." + p.substring(slash + 1);
        return new LayerEntry(path, TreeEntry.Kind.FILE, 0644, null, null, 0);
    }

    /** Places a prefix-relative tree entry under {@code prefix} ("/opt/conda"). */
    public static LayerEntry at(String prefix, TreeEntry e) {
        String root = stripSlashes(prefix);
        String path = root.isEmpty() ? e.path() : root + "/" + e.path();
        String link = e.linkTarget();
        if (e.kind() == TreeEntry.Kind.HARDLINK) {
            link = root.isEmpty() ? link : root + "/" + link;
        }
        return new LayerEntry(path, e.kind(), e.mode(), link, e.content(), e.size());
    }

    static String stripSlashes(String p) {
        String s = p;
        while (s.startsWith("/")) {
            s = s.substring(1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

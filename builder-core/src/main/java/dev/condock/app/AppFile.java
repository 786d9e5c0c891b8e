package dev.condock.app;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.List;

/**
 * Files of the application copied into the image, above the environment: condock.yaml {@code files:} or
 * {@code build --file SRC:DEST}.
 *
 * @param context the directory {@code src} is relative to (the spec's), where .condockignore/.dockerignore is read
 * @param src     a file, a directory (its contents go to {@code dest}) or a glob (each match goes to
 *                {@code dest/NAME}), relative to {@code context}
 * @param dest    absolute path in the image; a file source into a dest ending in "/" keeps its name
 * @param mode    the mode of every file copied, or null to keep the source's executable bit (0755 or 0644)
 * @param exclude more ignore patterns (.dockerignore syntax), relative to {@code src}
 * @param uid     owner uid (0 unless {@code owner:})
 * @param gid     owner gid
 * @param origin  where it was declared, for messages ("condock.yaml:12", "--file")
 */
public record AppFile(
        Path context, String src, String dest, Integer mode, List<String> exclude, int uid, int gid, String origin) {
    public AppFile {
        exclude = List.copyOf(exclude);
    }

    /** {@code SRC:DEST} as {@code --file} takes it; the last ":" splits (a dest never holds one). */
    public static AppFile parseFlag(String value, Path context) throws CondockException {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw CondockException.user("--file " + value + ": expected SRC:DEST (DEST an absolute path in the image)");
        }
        return of(
                context,
                value.substring(0, colon),
                value.substring(colon + 1),
                null,
                List.of(),
                null,
                "--file " + value);
    }

    /** Checks each value once; {@code owner} is "UID:GID" or "UID" (gid = uid), or null for root. */
    public static AppFile of(
            Path context, String src, String dest, String mode, List<String> exclude, String owner, String origin)
            throws CondockException {
        if (src.isBlank()) {
            throw CondockException.user(origin + ": src must not be empty");
        }
        if (!dest.startsWith("/") || dest.contains("\0")) {
            throw CondockException.user(origin + ": dest must be an absolute path in the image, not '" + dest + "'");
        }
        for (String part : dest.split("/")) {
            if (part.equals("..")) {
                throw CondockException.user(origin + ": dest must not contain '..': " + dest);
            }
        }
        Integer m = null;
        if (mode != null) {
            if (!mode.matches("0?[0-7]{3,4}")) {
                throw CondockException.user(origin + ": mode must be octal like 0755, not '" + mode + "'");
            }
            m = Integer.parseInt(mode, 8);
        }
        int uid = 0;
        int gid = 0;
        if (owner != null) {
            if (!owner.matches("[0-9]{1,9}(:[0-9]{1,9})?")) {
                throw CondockException.user(
                        origin + ": owner must be numeric UID:GID (like 1000:1000), not '" + owner + "'");
            }
            String[] p = owner.split(":");
            uid = Integer.parseInt(p[0]);
            gid = p.length > 1 ? Integer.parseInt(p[1]) : uid;
        }
        return new AppFile(context.toAbsolutePath().normalize(), src, dest, m, exclude, uid, gid, origin);
    }

    /** Whether {@code src} is a glob rather than one path. */
    public boolean isGlob() {
        return src.chars().anyMatch(c -> c == '*' || c == '?' || c == '[');
    }
}

package dev.condock.install;

import dev.condock.util.CondockException;

/**
 * Validates and normalizes archive member names and link targets. A name is accepted only if it stays inside
 * the prefix by itself: no leading '/', no ".." component, no NUL, not empty; "." components and a leading "./"
 * (some writers add it) are dropped.
 */
final class MemberNames {
    private MemberNames() {}

    /** The normalized name, or a user error naming the package and the member. */
    static String normalize(String raw, String pkg) throws CondockException {
        if (raw.indexOf('\0') >= 0) {
            throw hostile(pkg, raw, "has a NUL byte in its name");
        }
        if (raw.startsWith("/")) {
            throw hostile(pkg, raw, "has an absolute path");
        }
        if (raw.contains("\\")) {
            // a backslash is a separator to Windows tools and makes "..\\x" invisible to the checks below
            throw hostile(pkg, raw, "has a backslash in its name");
        }
        StringBuilder sb = new StringBuilder();
        for (String part : raw.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                throw hostile(pkg, raw, "has a '..' component");
            }
            if (sb.length() > 0) {
                sb.append('/');
            }
            sb.append(part);
        }
        if (sb.length() == 0) {
            throw hostile(pkg, raw, "has an empty name");
        }
        return sb.toString();
    }

    static CondockException hostile(String pkg, String member, String why) {
        return CondockException.user(
                "package " + pkg + ": refusing archive member '" + printable(member) + "': " + why);
    }

    /** Member names come from untrusted archives: keep control characters out of the one-line message. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }
}

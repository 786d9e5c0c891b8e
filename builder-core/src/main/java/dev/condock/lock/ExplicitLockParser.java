package dev.condock.lock;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CEP 23 explicit files: comments, "@EXPLICIT", then one package URL a line with an optional "#md5" or
 * "#sha256:hex" fragment. The file order is the install order.
 */
final class ExplicitLockParser {
    private static final Pattern MD5 = Pattern.compile("[0-9a-fA-F]{32}");
    private static final Pattern SHA256 = Pattern.compile("(?:sha256:)?([0-9a-fA-F]{64})");
    /** Far beyond any real package URL; a longer line is refused before any pattern runs over it. */
    static final int MAX_LINE = 64 * 1024;

    private static final Pattern PLATFORM = Pattern.compile("^#\\s*platform:\\s*(\\S+)\\s*$");

    private ExplicitLockParser() {}

    static boolean looksExplicit(String text) {
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (t.equals("@EXPLICIT")) {
                return true;
            }
            if (!t.isEmpty() && !t.startsWith("#")) {
                return false;
            }
        }
        return false;
    }

    static List<PackageRecord> parse(String file, String text, String platform) throws CondockException {
        List<PackageRecord> out = new ArrayList<>();
        boolean seenMarker = false;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String where = file + ":" + (i + 1);
            String line = lines[i].strip();
            if (line.length() > MAX_LINE && !line.startsWith("#")) {
                throw CondockException.user(where + ": line of " + line.length() + " characters is not a package URL"
                        + " (at most " + MAX_LINE + ")");
            }
            Matcher pm = PLATFORM.matcher(line);
            if (pm.matches() && !pm.group(1).equals(platform)) {
                throw CondockException.user(where + ": lock file is for platform " + pm.group(1) + ", not " + platform
                        + " (use --platform " + pm.group(1) + ")");
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("@EXPLICIT")) {
                seenMarker = true;
                continue;
            }
            if (!seenMarker) {
                throw CondockException.user(where + ": expected @EXPLICIT before package URLs");
            }
            String url = line;
            String md5 = null;
            String sha256 = null;
            int hash = line.indexOf('#');
            if (hash >= 0) {
                url = line.substring(0, hash).strip();
                String frag = line.substring(hash + 1).strip();
                Matcher sm = SHA256.matcher(frag);
                if (sm.matches()) {
                    sha256 = sm.group(1).toLowerCase();
                } else if (MD5.matcher(frag).matches()) {
                    md5 = frag.toLowerCase();
                } else {
                    throw CondockException.user(where + ": malformed hash '#" + PackageUrls.shown(frag)
                            + "' (expected #<md5> or #sha256:<hex>)");
                }
            }
            if (url.isEmpty() || url.contains(" ")) {
                throw CondockException.user(
                        where + ": malformed line (expected one package URL): " + PackageUrls.shown(line));
            }
            out.add(PackageUrls.recordFor(where, url, md5, sha256));
        }
        if (!seenMarker) {
            throw CondockException.user(file + ": not a lock file (no @EXPLICIT line)");
        }
        return out;
    }
}

package dev.condock.wheel;

import dev.condock.util.CondockException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wheel's {@code .dist-info/RECORD}: CSV rows {@code path,algorithm=urlsafe-b64-nopad-digest,size}. Reading
 * and writing follow the csv module's default dialect as pip and installer use it (quotes only when needed).
 */
final class RecordFile {
    /** One row; hash and size null when RECORD leaves them empty (RECORD's own row, signatures). */
    record Row(String path, String algorithm, String digest, Long size) {}

    private RecordFile() {}

    static Map<String, Row> parse(String wheel, byte[] bytes) throws CondockException {
        Map<String, Row> out = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int lineNo = 0;
        for (String line : text.split("\r?\n")) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            List<String> f = csv(line);
            if (f.size() != 3) {
                throw CondockException.user(
                        "wheel " + wheel + ": RECORD line " + lineNo + " does not have 3 fields (path,hash,size)");
            }
            String alg = null;
            String digest = null;
            if (!f.get(1).isEmpty()) {
                int eq = f.get(1).indexOf('=');
                if (eq <= 0) {
                    throw CondockException.user("wheel " + wheel + ": RECORD line " + lineNo + ": malformed hash '"
                            + WheelName.printable(f.get(1)) + "'");
                }
                alg = f.get(1).substring(0, eq);
                digest = f.get(1).substring(eq + 1);
            }
            Long size = null;
            if (!f.get(2).isEmpty()) {
                try {
                    size = Long.parseLong(f.get(2));
                } catch (NumberFormatException e) {
                    throw CondockException.user("wheel " + wheel + ": RECORD line " + lineNo + ": malformed size '"
                            + WheelName.printable(f.get(2)) + "'");
                }
            }
            if (out.put(f.get(0), new Row(f.get(0), alg, digest, size)) != null) {
                throw CondockException.user(
                        "wheel " + wheel + ": RECORD lists '" + WheelName.printable(f.get(0)) + "' twice");
            }
        }
        return out;
    }

    /** The digest a RECORD hash names; md5 and sha1 are refused as PEP 376/427 require (sha256 or stronger). */
    static MessageDigest digest(String wheel, Row r) throws CondockException {
        String alg = switch (r.algorithm()) {
            case "sha256" -> "SHA-256";
            case "sha384" -> "SHA-384";
            case "sha512" -> "SHA-512";
            default ->
                throw CondockException.user("wheel " + wheel + ": RECORD hash of '"
                        + WheelName.printable(r.path()) + "' uses '" + WheelName.printable(r.algorithm())
                        + "' (sha256 or stronger required)");
        };
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(byte[] digest) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    }

    /** One RECORD line as Python's csv writer writes it. */
    static String line(String path, String hash, String size) {
        return quote(path) + "," + quote(hash) + "," + quote(size) + "\n";
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        return "\"" + s.replace("\"", "\"\"") + "\"";
    }

    private static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}

package dev.condock.pip;

import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEP 508 requirement parser: {@code name[extras] (specifiers | @ url) ; marker}. */
final class Pep508 {
    private static final Pattern HEAD = Pattern.compile(
            "^\\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(?:\\[([^\\]]*)\\])?\\s*(.*)$", Pattern.DOTALL);
    private static final Pattern EXTRA = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?");

    private Pep508() {}

    static PipRequirement parse(String text) throws CondockException {
        Matcher m = HEAD.matcher(text);
        if (!m.matches()) throw bad(text, "expected a project name");
        String name = PipNames.normalize(m.group(1));
        TreeSet<String> extras = new TreeSet<>();
        if (m.group(2) != null) {
            for (String e : m.group(2).split(",")) {
                if (e.isBlank()) continue;
                if (!EXTRA.matcher(e.strip()).matches()) throw bad(text, "bad extra '" + e.strip() + "'");
                extras.add(PipNames.normalize(e.strip()));
            }
        }
        String rest = m.group(3);
        String url = null;
        String spec = "";
        String marker = null;
        if (rest.startsWith("@")) {
            String after = rest.substring(1).strip();
            int ws = indexOfWhitespace(after);
            url = ws < 0 ? after : after.substring(0, ws);
            rest = ws < 0 ? "" : after.substring(ws).strip();
            if (url.isEmpty() || !url.contains(":")) throw bad(text, "'@' must be followed by a URL");
            if (!rest.isEmpty() && !rest.startsWith(";")) throw bad(text, "expected ';' after the URL");
        } else {
            int semi = rest.indexOf(';');
            spec = (semi < 0 ? rest : rest.substring(0, semi)).strip();
            rest = semi < 0 ? "" : rest.substring(semi);
            if (spec.startsWith("(")) {
                if (!spec.endsWith(")")) throw bad(text, "missing ')'");
                spec = spec.substring(1, spec.length() - 1).strip();
            }
            if (!spec.isEmpty() && SpecifierSet.tryParse(spec) == null)
                throw bad(text, "invalid version specifier '" + spec + "'");
            spec = spec.replaceAll("\\s+", "");
        }
        if (rest.startsWith(";")) {
            marker = rest.substring(1).strip();
            try {
                Markers.parse(marker);
            } catch (IllegalArgumentException e) {
                throw bad(text, e.getMessage());
            }
        } else if (!rest.isBlank()) {
            throw bad(text, "unexpected '" + rest.strip() + "'");
        }
        return new PipRequirement(name, text.strip(), new ArrayList<>(extras), spec, marker, url);
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) if (Character.isWhitespace(s.charAt(i))) return i;
        return -1;
    }

    private static CondockException bad(String text, String why) {
        return CondockException.user("pip requirement '" + text.strip() + "': " + why);
    }
}

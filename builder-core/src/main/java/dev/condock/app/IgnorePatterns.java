package dev.condock.app;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code .dockerignore} semantics, as moby's patternmatcher implements them, so a file users already keep means
 * the same here: one pattern a line, {@code #} comments, {@code !} exceptions, each pattern cleaned like Go's
 * filepath.Clean with a leading "/" dropped; {@code *}, {@code ?} and {@code [...]} as Go's filepath.Match (never
 * across "/"), {@code **} any number of directories; a pattern that matches a parent directory excludes what is
 * below it; the last pattern that matches a path (or a parent of it) decides.
 */
public final class IgnorePatterns {
    /** The files read, first found wins, in the context directory. */
    public static final List<String> FILE_NAMES = List.of(".condockignore", ".dockerignore");

    private record Rule(String text, Pattern regex, boolean exception) {}

    public static final IgnorePatterns NONE = new IgnorePatterns(List.of());

    private final List<Rule> rules;

    private IgnorePatterns(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** {@code .condockignore} in {@code dir}, else {@code .dockerignore}, else no patterns. */
    public static IgnorePatterns forContext(Path dir) throws CondockException {
        for (String name : FILE_NAMES) {
            Path f = dir.resolve(name);
            if (Files.isRegularFile(f)) {
                try {
                    return parse(Files.readAllLines(f), f.toString());
                } catch (IOException e) {
                    throw CondockException.user(f + ": cannot read: " + e.getMessage());
                }
            }
        }
        return NONE;
    }

    /** Patterns as lines of an ignore file; {@code source} names it in errors ("FILE:LINE"). */
    public static IgnorePatterns parse(List<String> lines, String source) throws CondockException {
        List<Rule> rules = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String p = exception ? line.substring(1).strip() : line;
            p = clean(p);
            while (p.startsWith("/")) {
                p = p.substring(1);
            }
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            try {
                rules.add(new Rule(line, Pattern.compile(regex(p)), exception));
            } catch (PatternSyntaxException e) {
                throw CondockException.user(source + ":" + (i + 1) + ": bad pattern '" + line + "'");
            }
        }
        return new IgnorePatterns(rules);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** Whether {@code rel} ("src/a.py", "/"-separated, relative to the context) is excluded. */
    public boolean excludes(String rel) {
        boolean excluded = false;
        List<String> candidates = new ArrayList<>();
        candidates.add(rel);
        for (int i = rel.lastIndexOf('/'); i > 0; i = rel.lastIndexOf('/', i - 1)) {
            candidates.add(rel.substring(0, i));
        }
        for (Rule r : rules) {
            for (String c : candidates) {
                if (r.regex.matcher(c).matches()) {
                    excluded = !r.exception;
                    break;
                }
            }
        }
        return excluded;
    }

    /**
     * Whether a directory may hold a path an exception re-includes, so it must be walked although excluded: only
     * when some exception exists (Docker walks excluded directories in that case too).
     */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** The pattern as a regex, as patternmatcher compiles it. */
    static String regex(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++; // "**/" is "**": zero or more directories
                    }
                    re.append(i + 1 >= n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (ch == '\\') {
                if (i + 1 < n) {
                    i++;
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(i))));
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[') {
                // a Go character class: copied, "^" negates as in Go; a literal "\" inside stays escaped
                int end = pattern.indexOf(']', i + 2);
                if (end < 0) {
                    throw new PatternSyntaxException("unclosed [", pattern, i);
                }
                String cls = pattern.substring(i + 1, end);
                re.append('[').append(cls.replace("[", "\\[")).append(']');
                i = end;
            } else if (".+()|{}$^]".indexOf(ch) >= 0) {
                re.append('\\').append(ch);
            } else {
                re.append(ch);
            }
        }
        return re.append('$').toString();
    }

    /** Go's filepath.Clean on "/" paths: no empty or "." elements, ".." resolved where it can be. */
    static String clean(String p) {
        boolean abs = p.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : p.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (!(part.equals("..") && abs && out.isEmpty())) {
                out.add(part);
            }
        }
        String s = String.join("/", out);
        return abs ? "/" + s : s.isEmpty() ? "." : s;
    }
}

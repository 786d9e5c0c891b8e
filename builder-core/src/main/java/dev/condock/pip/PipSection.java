package dev.condock.pip;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses environment.yml {@code pip:} entries: PEP 508 lines and the pip option lines conda passes through
 * ({@code -r FILE}, {@code --index-url}, {@code --extra-index-url}, {@code --find-links}, {@code --pre}). Anything
 * else pip would accept (editables, local project directories, other options) is a clear error, never dropped.
 */
public final class PipSection {
    private PipSection() {}

    /**
     * @param lines      the {@code pip:} entries as written
     * @param envFileDir directory of the environment file ({@code -r} and local wheel paths are relative to it)
     */
    public static ParsedPip parse(List<String> lines, Path envFileDir) throws CondockException {
        Acc acc = new Acc();
        parse(lines, envFileDir, "pip:", acc, new HashSet<>());
        return new ParsedPip(acc.reqs, acc.index, acc.extra, acc.links, acc.pre);
    }

    private static final class Acc {
        final List<PipRequirement> reqs = new ArrayList<>();
        final List<String> index = new ArrayList<>(), extra = new ArrayList<>(), links = new ArrayList<>();
        boolean pre;
    }

    private static void parse(List<String> lines, Path dir, String where, Acc acc, Set<Path> open)
            throws CondockException {
        for (String raw : lines) {
            String line = stripComment(raw).strip();
            if (line.isEmpty()) continue;
            String ctx = where + " '" + line + "'";
            if (line.startsWith("-")) {
                String[] kv = option(line);
                String opt = kv[0], val = kv[1];
                switch (opt) {
                    case "-r", "--requirement" -> {
                        Path f = dir.resolve(need(val, ctx)).normalize();
                        if (!open.add(f)) throw CondockException.user(ctx + ": requirements file includes itself");
                        List<String> sub;
                        try {
                            sub = joinContinuations(Files.readAllLines(f, StandardCharsets.UTF_8));
                        } catch (IOException e) {
                            throw CondockException.user(ctx + ": cannot read " + f + " (" + e.getMessage() + ")");
                        }
                        parse(sub, f.getParent(), f.toString(), acc, open);
                        open.remove(f);
                    }
                    case "-i", "--index-url" -> acc.index.add(need(val, ctx));
                    case "--extra-index-url" -> acc.extra.add(need(val, ctx));
                    case "-f", "--find-links" -> {
                        String v = need(val, ctx);
                        acc.links.add(
                                v.contains("://")
                                        ? v
                                        : dir.resolve(v).normalize().toUri().toString());
                    }
                    case "--pre" -> {
                        if (val != null) throw CondockException.user(ctx + ": --pre takes no value");
                        acc.pre = true;
                    }
                    case "-e", "--editable" ->
                        throw CondockException.user(ctx + ": editable installs are not supported in an image;"
                                + " build a wheel (pip wheel --no-deps DIR) and list its path");
                    default ->
                        throw CondockException.user(ctx + ": unsupported pip option " + opt
                                + " (supported: -r, --index-url, --extra-index-url, --find-links, --pre)");
                }
                continue;
            }
            acc.reqs.add(requirement(line, dir, ctx));
        }
    }

    private static PipRequirement requirement(String line, Path dir, String ctx) throws CondockException {
        boolean looksLikePath = line.startsWith(".")
                || line.startsWith("/")
                || line.startsWith("~")
                || line.contains("/") && !line.contains("@") && !line.contains("://");
        // "name @ file:///x.whl" is a PEP 508 direct reference, not a path (it ends in .whl too)
        boolean directReference = line.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\s*(\\[[^\\]]*\\])?\\s*@.*");
        if (!directReference && (line.startsWith("file:") || looksLikePath || line.endsWith(".whl"))) {
            String p = line.startsWith("file:")
                    ? Path.of(java.net.URI.create(line)).toString()
                    : line;
            Path f = dir.resolve(p.startsWith("~") ? System.getProperty("user.home") + p.substring(1) : p)
                    .normalize();
            if (Files.isDirectory(f))
                throw CondockException.user(ctx + ": local project directories are not built by condock;"
                        + " build a wheel (pip wheel --no-deps " + p + ") and list its path");
            String name = f.getFileName().toString();
            WheelTags.WheelName wn = WheelTags.parse(name);
            if (wn == null)
                throw CondockException.user(
                        ctx + ": only wheel files (.whl) can be listed by path; condock never builds sdists");
            if (!Files.isRegularFile(f)) throw CondockException.user(ctx + ": no such file " + f);
            return new PipRequirement(
                    wn.name(), line, List.of(), "", null, f.toUri().toString());
        }
        PipRequirement r = Pep508.parse(line);
        if (r.url() != null && r.url().startsWith("git+")
                || r.url() != null && r.url().matches("^(hg|svn|bzr)\\+.*")) {
            throw CondockException.user(
                    ctx + ": VCS references are not built by condock; build a wheel and list its path or URL");
        }
        if (r.url() != null && r.url().startsWith("file:")) {
            Path f = Path.of(java.net.URI.create(r.url().replaceAll("#.*", "")));
            if (Files.isDirectory(f))
                throw CondockException.user(ctx + ": local project directories are not built by condock;"
                        + " build a wheel (pip wheel --no-deps " + f + ") and list its path");
        }
        return new PipRequirement(r.name(), line, r.extras(), r.specifier(), r.marker(), r.url());
    }

    /** {option, value-or-null} from "--opt=value", "--opt value" or "-rfile". */
    private static String[] option(String line) {
        int eq = line.indexOf('=');
        int sp = line.indexOf(' ');
        if (line.startsWith("--")) {
            int cut = eq >= 0 && (sp < 0 || eq < sp) ? eq : sp;
            if (cut < 0) return new String[] {line, null};
            return new String[] {line.substring(0, cut), line.substring(cut + 1).strip()};
        }
        if (line.length() > 2 && line.charAt(2) != ' ')
            return new String[] {line.substring(0, 2), line.substring(2).strip()};
        return new String[] {
            line.substring(0, 2), line.length() > 2 ? line.substring(2).strip() : null
        };
    }

    private static String need(String v, String ctx) throws CondockException {
        if (v == null || v.isEmpty()) throw CondockException.user(ctx + ": missing value");
        return v;
    }

    /** pip: '#' starts a comment at line start or after whitespace. */
    private static String stripComment(String s) {
        if (s.startsWith("#")) return "";
        int i = s.indexOf(" #");
        return i < 0 ? s : s.substring(0, i);
    }

    private static List<String> joinContinuations(List<String> lines) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String l : lines) {
            if (l.endsWith("\\")) {
                cur.append(l, 0, l.length() - 1);
                continue;
            }
            cur.append(l);
            out.add(cur.toString());
            cur.setLength(0);
        }
        if (cur.length() > 0) out.add(cur.toString());
        return out;
    }
}

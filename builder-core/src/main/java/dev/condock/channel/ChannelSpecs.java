package dev.condock.channel;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks a channel as a user writes it (environment.yml, .condarc) before anything is fetched, so a typo is
 * refused where it was written instead of failing later as a network error without naming the file.
 */
public final class ChannelSpecs {
    /** conda-forge, pytorch/label/nightly, nvidia/label/cuda-12.1.0: what anaconda.org-style names look like. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]*(/[A-Za-z0-9_][A-Za-z0-9_.+-]*)*");

    private static final Pattern SCHEME = Pattern.compile("^([a-zA-Z][a-zA-Z0-9+.-]*)://.*", Pattern.DOTALL);

    private ChannelSpecs() {}

    /** Why {@code spec} cannot be a channel, or null when it can. */
    public static String problem(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) return "empty channel";
        var m = SCHEME.matcher(s);
        if (m.matches()) {
            String scheme = m.group(1).toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("file")) {
                return "unsupported channel URL scheme '" + scheme + "' in " + shown(s)
                        + " (use http, https, file, a path or a channel name)";
            }
            URI u;
            try {
                u = new URI(s);
            } catch (URISyntaxException e) {
                return "malformed channel URL " + shown(s) + ": " + e.getReason();
            }
            if (!scheme.equals("file") && (u.getHost() == null || u.getHost().isEmpty())) {
                return "malformed channel URL " + shown(s) + ": no host";
            }
            return null;
        }
        if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) {
            try {
                return Path.of(s).isAbsolute() || !s.startsWith("/") ? null : "not an absolute path: " + shown(s);
            } catch (InvalidPathException e) {
                return "malformed channel path " + shown(s) + ": " + e.getReason();
            }
        }
        if (!NAME.matcher(s).matches()) {
            return "not a channel name, URL or path: " + shown(s);
        }
        return null;
    }

    private static String shown(String s) {
        return "'" + RecordCheck.printable(Channel.redact(s)) + "'";
    }
}

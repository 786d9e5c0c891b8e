package dev.condock.wheel;

import dev.condock.util.CondockException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A wheel file name (PEP 427 / binary distribution format): {@code {dist}-{version}(-{build})?-{py}-{abi}-{plat}.whl}.
 *
 * @param distribution the name as the file spells it (escaped: '_' for '-')
 * @param version      the version as the file spells it
 * @param tags         "py3-none-any"
 */
public record WheelName(String distribution, String version, String tags) {
    private static final Pattern FILE =
            Pattern.compile("([A-Za-z0-9](?:[A-Za-z0-9._]*[A-Za-z0-9])?)-([A-Za-z0-9_.!+]+)(?:-\\d[A-Za-z0-9_.]*)?"
                    + "-([A-Za-z0-9_.]+-[A-Za-z0-9_.]+-[A-Za-z0-9_.]+)\\.whl");

    public static WheelName parse(String filename) throws CondockException {
        Matcher m = FILE.matcher(filename);
        if (!m.matches()) {
            throw CondockException.user("'" + printable(filename) + "' is not a wheel file name "
                    + "(name-version[-build]-python-abi-platform.whl)");
        }
        return new WheelName(m.group(1), m.group(2), m.group(3));
    }

    /** PEP 503 normalized: lowercase, runs of '-', '_', '.' become one '-'. */
    public static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    public String normalizedName() {
        return normalize(distribution);
    }

    /** Untrusted names in one-line messages: control characters escaped, length bounded. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return sb.length() > 200 ? sb.substring(0, 200) + "..." : sb.toString();
    }
}

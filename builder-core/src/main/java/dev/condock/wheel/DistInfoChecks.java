package dev.condock.wheel;

import dev.condock.util.CondockException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.TreeSet;

/**
 * What pip refuses in a wheel's metadata and an installer must not let through (issue 14: bad input accepted
 * silently): a second top-level .dist-info directory (which one would importlib.metadata read?), no METADATA
 * (the installed distribution would be invisible to pip and importlib), a METADATA naming another project than
 * the wheel, and an entry_points.txt that is not INI (pip's configparser refuses it).
 */
final class DistInfoChecks {
    private DistInfoChecks() {}

    /** Refuses member names spanning more than one top-level {@code *.dist-info} directory. */
    static void oneDistInfo(String wheel, Collection<String> memberNames) throws CondockException {
        TreeSet<String> dirs = new TreeSet<>();
        for (String p : memberNames) {
            int slash = p.indexOf('/');
            if (slash > 0 && p.substring(0, slash).endsWith(".dist-info")) {
                dirs.add(p.substring(0, slash));
            }
        }
        if (dirs.size() > 1) {
            throw CondockException.user("wheel " + wheel + ": more than one .dist-info directory ("
                    + WheelName.printable(String.join(", ", dirs)) + ")");
        }
    }

    /** Refuses a missing METADATA or one whose Name is not the wheel's project. */
    static void metadata(String wheel, String distInfo, byte[] metadata, String normalizedName)
            throws CondockException {
        if (metadata == null) {
            throw CondockException.user("wheel " + wheel + ": " + distInfo + "/METADATA is missing");
        }
        String name = null;
        for (String line : new String(metadata, StandardCharsets.UTF_8).split("\r?\n", -1)) {
            if (line.isEmpty()) {
                break; // the headers end at the first empty line; the description follows
            }
            if (line.regionMatches(true, 0, "Name:", 0, 5)) {
                name = line.substring(5).strip();
                break;
            }
        }
        if (name == null || name.isEmpty()) {
            throw CondockException.user("wheel " + wheel + ": " + distInfo + "/METADATA has no Name");
        }
        if (!WheelName.normalize(name).equals(normalizedName)) {
            throw CondockException.user("wheel " + wheel + ": " + distInfo + "/METADATA names the project '"
                    + WheelName.printable(name) + "', not " + normalizedName);
        }
    }

    /** Refuses a section header that does not close (INI), as pip's configparser does. */
    static void entryPointsIni(String wheel, byte[] bytes) throws CondockException {
        int lineNo = 0;
        for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.startsWith("[") && !line.endsWith("]")) {
                throw CondockException.user("wheel " + wheel + ": entry_points.txt line " + lineNo + " '"
                        + WheelName.printable(line) + "' is not an INI section header");
            }
        }
    }
}

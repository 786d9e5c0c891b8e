package dev.condock.wheel;

import dev.condock.util.CondockException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code console_scripts} and {@code gui_scripts} sections of a wheel's {@code entry_points.txt} (an INI file;
 * the other groups are plugin registrations that need no file). On Linux both kinds get the same launcher.
 */
final class EntryPoints {
    /** "name = module:attr.attr [extras]" with the extras dropped (they only matter to the resolver). */
    record EntryPoint(String command, String module, String function) {}

    private EntryPoints() {}

    static List<EntryPoint> parse(String wheel, byte[] bytes) throws CondockException {
        DistInfoChecks.entryPointsIni(wheel, bytes);
        List<EntryPoint> out = new ArrayList<>();
        String section = null;
        int lineNo = 0;
        for (String raw : new String(bytes, StandardCharsets.UTF_8).split("\r?\n")) {
            lineNo++;
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            if (!"console_scripts".equals(section) && !"gui_scripts".equals(section)) {
                continue;
            }
            int eq = line.indexOf('=');
            String command = eq < 0 ? "" : line.substring(0, eq).strip();
            String value = eq < 0 ? "" : line.substring(eq + 1).strip();
            int bracket = value.indexOf('[');
            if (bracket >= 0) {
                value = value.substring(0, bracket).strip();
            }
            int colon = value.indexOf(':');
            String module = colon < 0 ? value : value.substring(0, colon).strip();
            String function = colon < 0 ? "" : value.substring(colon + 1).strip();
            // the command becomes bin/<command>: a name with '/' or ".." would write outside bin/
            if (!command.matches("\\w[\\w.+-]*")
                    || !module.matches("\\w+(\\.\\w+)*")
                    || !function.matches("\\w+(\\.\\w+)*")) {
                throw CondockException.user("wheel " + wheel + ": entry_points.txt line " + lineNo + " '"
                        + WheelName.printable(line) + "' is not 'name = module:function'");
            }
            out.add(new EntryPoint(command, module, function));
        }
        return out;
    }
}

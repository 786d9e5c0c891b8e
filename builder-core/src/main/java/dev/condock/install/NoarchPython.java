package dev.condock.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.PythonAbi;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code noarch: python} placement (CEP 17 / conda's {@code get_python_noarch_target_path}) and its entry point
 * scripts (conda's {@code python_entry_point_template} behind {@code generate_shebang_for_entry_point}).
 */
public final class NoarchPython {
    /** One "name = module:function" entry point of info/link.json. */
    record EntryPoint(String command, String module, String function) {}

    private final String sitePackages;
    private final String pythonPath;

    /** @param python "3.11", or a free-threading "3.13t" (lib/python3.13t, bin/python3.13t) */
    NoarchPython(String prefix, PythonAbi python) {
        this.sitePackages = "lib/python" + python.tag() + "/site-packages";
        this.pythonPath = prefix + "/bin/python" + python.tag();
    }

    /** site-packages/X -> lib/pythonX.Y/site-packages/X, python-scripts/X -> bin/X, anything else unchanged. */
    String targetPath(String path) {
        if (path.startsWith("site-packages/")) {
            return sitePackages + path.substring("site-packages".length());
        }
        if (path.startsWith("python-scripts/")) {
            return "bin" + path.substring("python-scripts".length());
        }
        return path;
    }

    /**
     * The launcher conda writes for an entry point {@code module:function}, run by the prefix's python: pip wheels'
     * console_scripts get the very same bytes, so a command behaves alike whichever manager installed it.
     */
    public static byte[] launcher(String prefix, PythonAbi python, String module, String function) {
        return new NoarchPython(prefix, python).script(new EntryPoint("launcher", module, function));
    }

    /** The shebang line (with its newline) for a script run by the prefix's python. */
    public static String shebangFor(String prefix, PythonAbi python) {
        return shebang(prefix + "/bin/python" + python.tag());
    }

    /** The text conda writes to bin/&lt;command&gt;. */
    byte[] script(EntryPoint ep) {
        String importName = ep.function().split("\\.", 2)[0];
        String body = "# -*- coding: utf-8 -*-\n"
                + "import re\n"
                + "import sys\n"
                + "\n"
                + "from " + ep.module() + " import " + importName + "\n"
                + "\n"
                + "if __name__ == '__main__':\n"
                + "    sys.argv[0] = re.sub(r'(-script\\.pyw?|\\.exe)?$', '', sys.argv[0])\n"
                + "    sys.exit(" + ep.function() + "())\n";
        return (shebang(pythonPath) + body).getBytes(StandardCharsets.UTF_8);
    }

    /** conda: "#!python\n", or past 127 bytes or with a space the sh/python polyglot that execs python. */
    static String shebang(String python) {
        String plain = "#!" + python + "\n";
        if (plain.length() > PrefixReplacer.MAX_SHEBANG_LENGTH || python.contains(" ")) {
            return "#!/bin/sh\n'''exec' \"" + python + "\" \"$0\" \"$@\" #'''\n";
        }
        return plain;
    }

    /** Entry points declared in info/link.json ({"noarch": {"entry_points": [...]}}); empty when none. */
    static List<EntryPoint> entryPoints(byte[] linkJson, String pkg) throws CondockException {
        List<EntryPoint> out = new ArrayList<>();
        if (linkJson == null) {
            return out;
        }
        JsonNode eps;
        try {
            eps = Json.CANONICAL.readTree(linkJson).path("noarch").path("entry_points");
        } catch (IOException e) {
            throw CondockException.user("package " + pkg + ": info/link.json is not valid JSON: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
        for (JsonNode n : eps) {
            String spec = n.asText();
            int eq = spec.indexOf('=');
            int colon = spec.indexOf(':', eq + 1);
            if (eq < 0 || colon < 0) {
                throw CondockException.user("package " + pkg + ": info/link.json entry point '"
                        + MemberNames.printable(spec) + "' is not 'name = module:function'");
            }
            String command = spec.substring(0, eq).strip();
            String module = spec.substring(eq + 1, colon).strip();
            String function = spec.substring(colon + 1).strip();
            if (!command.matches("\\w[\\w.+-]*")
                    || module.isEmpty()
                    || function.isEmpty()
                    || !module.matches("[\\w.]+")
                    || !function.matches("[\\w.]+")) {
                throw CondockException.user("package " + pkg + ": info/link.json entry point '"
                        + MemberNames.printable(spec) + "' is not 'name = module:function'");
            }
            out.add(new EntryPoint(command, module, function));
        }
        return out;
    }
}

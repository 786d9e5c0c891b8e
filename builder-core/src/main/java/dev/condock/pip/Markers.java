package dev.condock.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PEP 508 environment markers: parsed once, evaluated for a {@link PipTarget} (never the host) and an extra.
 * Version comparisons use PEP 440 when both sides are versions, else plain string comparison (as packaging does).
 */
public final class Markers {
    private static final Set<String> VARIABLES = Set.of(
            "python_version",
            "python_full_version",
            "os_name",
            "sys_platform",
            "platform_release",
            "platform_system",
            "platform_version",
            "platform_machine",
            "platform_python_implementation",
            "implementation_name",
            "implementation_version",
            "extra",
            "os.name",
            "sys.platform",
            "platform.version",
            "platform.machine",
            "platform.python_implementation",
            "python_implementation");

    /** A parsed marker expression. */
    public sealed interface Expr permits And, Or, Compare {
        boolean eval(Map<String, String> env);
    }

    record And(Expr a, Expr b) implements Expr {
        public boolean eval(Map<String, String> env) {
            return a.eval(env) && b.eval(env);
        }
    }

    record Or(Expr a, Expr b) implements Expr {
        public boolean eval(Map<String, String> env) {
            return a.eval(env) || b.eval(env);
        }
    }

    /** One comparison; an operand is a variable when {@code isVar}, else a literal. */
    record Compare(String left, boolean leftVar, String op, String right, boolean rightVar) implements Expr {
        public boolean eval(Map<String, String> env) {
            String l = leftVar ? env.getOrDefault(left, "") : left;
            String r = rightVar ? env.getOrDefault(right, "") : right;
            if ((leftVar && left.equals("extra")) || (rightVar && right.equals("extra"))) {
                l = PipNames.normalize(l); // PEP 685: extras compare normalized
                r = PipNames.normalize(r);
            }
            switch (op) {
                case "in":
                    return r.contains(l);
                case "not in":
                    return !r.contains(l);
                default:
            }
            Pep440Specifier spec = Pep440Specifier.tryParse(op + r);
            Pep440Version lv = Pep440Version.tryParse(l);
            if (spec != null && lv != null) return spec.matches(lv, l);
            return switch (op) {
                case "==", "===" -> l.equals(r);
                case "!=" -> !l.equals(r);
                case "<" -> l.compareTo(r) < 0;
                case "<=" -> l.compareTo(r) <= 0;
                case ">" -> l.compareTo(r) > 0;
                case ">=" -> l.compareTo(r) >= 0;
                default -> false; // ~= on non-versions is undefined: packaging raises, pip treats as false
            };
        }
    }

    private Markers() {}

    /** The marker environment of the image the wheels are for. */
    public static Map<String, String> environment(PipTarget t, String extra) {
        String full = t.pythonVersion().chars().filter(c -> c == '.').count() == 1
                ? t.pythonVersion() + ".0"
                : t.pythonVersion();
        boolean pypy = "pp".equals(t.implementation());
        Map<String, String> env = new java.util.HashMap<>();
        env.put("python_version", t.pythonMajorMinor());
        env.put("python_full_version", full);
        env.put("implementation_version", full);
        env.put("implementation_name", pypy ? "pypy" : "cpython");
        env.put("platform_python_implementation", pypy ? "PyPy" : "CPython");
        env.put("python_implementation", pypy ? "PyPy" : "CPython");
        env.put("os_name", "posix");
        env.put("os.name", "posix");
        env.put("sys_platform", "linux");
        env.put("sys.platform", "linux");
        env.put("platform_system", "Linux");
        env.put("platform_machine", t.machine());
        env.put("platform.machine", t.machine());
        env.put("platform_release", "");
        env.put("platform_version", "");
        env.put("platform.version", "");
        env.put("extra", extra == null ? "" : extra);
        return env;
    }

    /** Parses a marker; IllegalArgumentException with a short reason when malformed. */
    public static Expr parse(String text) {
        Parser p = new Parser(tokenize(text));
        Expr e = p.or();
        if (p.pos != p.tokens.size())
            throw new IllegalArgumentException("unexpected '" + p.tokens.get(p.pos) + "' in marker");
        return e;
    }

    private static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
                continue;
            }
            if (c == '(' || c == ')') {
                out.add(String.valueOf(c));
                i++;
                continue;
            }
            if (c == '\'' || c == '"') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) throw new IllegalArgumentException("unterminated string in marker");
                out.add("\u0000" + s.substring(i + 1, end)); // NUL marks a literal
                i = end + 1;
                continue;
            }
            if ("<>=!~".indexOf(c) >= 0) {
                int j = i;
                while (j < s.length() && "<>=!~".indexOf(s.charAt(j)) >= 0) j++;
                out.add(s.substring(i, j));
                i = j;
                continue;
            }
            int j = i;
            while (j < s.length()
                    && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_' || s.charAt(j) == '.')) j++;
            if (j == i) throw new IllegalArgumentException("unexpected '" + c + "' in marker");
            out.add(s.substring(i, j));
            i = j;
        }
        return out;
    }

    private static final class Parser {
        final List<String> tokens;
        int pos;

        Parser(List<String> tokens) {
            this.tokens = tokens;
        }

        String peek() {
            return pos < tokens.size() ? tokens.get(pos) : null;
        }

        String next() {
            if (pos >= tokens.size()) throw new IllegalArgumentException("marker ends early");
            return tokens.get(pos++);
        }

        Expr or() {
            Expr e = and();
            while ("or".equals(peek())) {
                pos++;
                e = new Or(e, and());
            }
            return e;
        }

        Expr and() {
            Expr e = atom();
            while ("and".equals(peek())) {
                pos++;
                e = new And(e, atom());
            }
            return e;
        }

        Expr atom() {
            if ("(".equals(peek())) {
                pos++;
                Expr e = or();
                if (!")".equals(next())) throw new IllegalArgumentException("missing ')' in marker");
                return e;
            }
            String l = next();
            String op = next();
            if (op.equals("not")) {
                if (!"in".equals(next())) throw new IllegalArgumentException("expected 'not in' in marker");
                op = "not in";
            } else if (!Set.of("<", "<=", "==", "!=", ">=", ">", "~=", "===", "in")
                    .contains(op)) {
                throw new IllegalArgumentException("unknown operator '" + op + "' in marker");
            }
            String r = next();
            return new Compare(operand(l), isVar(l), op, operand(r), isVar(r));
        }

        private static boolean isVar(String t) {
            if (t.startsWith("\u0000")) return false;
            if (!VARIABLES.contains(t)) throw new IllegalArgumentException("unknown marker variable '" + t + "'");
            return true;
        }

        private static String operand(String t) {
            return t.startsWith("\u0000") ? t.substring(1) : t;
        }
    }
}

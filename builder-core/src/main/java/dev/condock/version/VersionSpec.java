package dev.condock.version;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * conda's VersionSpec: relations ({@code ==, !=, <=, >=, <, >, ~=, =}), globs ({@code 1.2.*}, {@code 1.2*}),
 * conjunction {@code ,} binding tighter than disjunction {@code |}, and parentheses.
 */
public sealed interface VersionSpec
        permits VersionSpec.Any, VersionSpec.Rel, VersionSpec.Glob, VersionSpec.Exact, VersionSpec.And, VersionSpec.Or {

    boolean matches(VersionOrder v);

    /** The text this spec was parsed from (normalised). */
    String text();

    Pattern RELATION = Pattern.compile("^(=|==|!=|<=|>=|<|>|~=)(?![=<>!~])(\\S+)$");

    static VersionSpec parse(String spec) {
        String s = spec.strip();
        if (s.isEmpty()) throw new InvalidVersionException(spec, "empty version spec");
        return new Parser(spec, s).parseOr();
    }

    record Any(String text) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            return true;
        }
    }

    enum Op {
        EQ,
        NE,
        LE,
        GE,
        LT,
        GT,
        COMPAT,
        STARTS,
        NOT_STARTS
    }

    record Rel(String text, Op op, VersionOrder target) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            int c;
            switch (op) {
                case STARTS:
                    return v.startsWith(target);
                case NOT_STARTS:
                    return !v.startsWith(target);
                case COMPAT:
                    return v.compareTo(target) >= 0 && v.startsWith(target.withoutLast());
                default:
                    c = v.compareTo(target);
            }
            return switch (op) {
                case EQ -> c == 0;
                case NE -> c != 0;
                case LE -> c <= 0;
                case GE -> c >= 0;
                case LT -> c < 0;
                case GT -> c > 0;
                default -> throw new IllegalStateException();
            };
        }
    }

    /** A glob with a '*' inside, matched as a regex against the version string, as conda does. */
    record Glob(String text, Pattern regex) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            return regex.matcher(v.source()).matches();
        }
    }

    /** A version with '@' compared as a string. */
    record Exact(String text) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            return text.equals(v.source());
        }
    }

    record And(String text, List<VersionSpec> parts) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            for (VersionSpec p : parts) if (!p.matches(v)) return false;
            return true;
        }
    }

    record Or(String text, List<VersionSpec> parts) implements VersionSpec {
        public boolean matches(VersionOrder v) {
            for (VersionSpec p : parts) if (p.matches(v)) return true;
            return false;
        }
    }

    /** Recursive descent over '|', ',' and parentheses; leaves are single relations. */
    final class Parser {
        private final String original;
        private final String s;
        private int pos;

        Parser(String original, String s) {
            this.original = original;
            this.s = s;
        }

        /** The whole spec: an alternation that must use up the input. */
        VersionSpec parseOr() {
            VersionSpec spec = parseOrInner();
            if (pos < s.length()) throw new InvalidVersionException(original, "unexpected '" + s.charAt(pos) + "'");
            return spec;
        }

        private VersionSpec parseAnd() {
            int start = pos;
            List<VersionSpec> parts = new ArrayList<>();
            parts.add(parseAtom());
            while (pos < s.length() && s.charAt(pos) == ',') {
                pos++;
                parts.add(parseAtom());
            }
            return parts.size() == 1 ? parts.get(0) : new And(s.substring(start, pos), parts);
        }

        private VersionSpec parseAtom() {
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '(') {
                pos++;
                VersionSpec inner = parseOrInner();
                skipSpaces();
                if (pos >= s.length() || s.charAt(pos) != ')')
                    throw new InvalidVersionException(original, "expected ')'");
                pos++;
                skipSpaces();
                return inner;
            }
            int start = pos;
            while (pos < s.length() && "|,()".indexOf(s.charAt(pos)) < 0) pos++;
            String leaf = s.substring(start, pos).replace(" ", "");
            if (leaf.isEmpty()) throw new InvalidVersionException(original, "empty version constraint");
            return leaf(original, leaf);
        }

        private VersionSpec parseOrInner() {
            int start = pos;
            List<VersionSpec> parts = new ArrayList<>();
            parts.add(parseAnd());
            while (pos < s.length() && s.charAt(pos) == '|') {
                pos++;
                parts.add(parseAnd());
            }
            return parts.size() == 1 ? parts.get(0) : new Or(s.substring(start, pos), parts);
        }

        private void skipSpaces() {
            while (pos < s.length() && s.charAt(pos) == ' ') pos++;
        }
    }

    /** One relation, following conda's VersionSpec.__new__ branch by branch. */
    static VersionSpec leaf(String original, String v) {
        Matcher m = RELATION.matcher(v);
        if (m.matches()) {
            String op = m.group(1);
            String vo = m.group(2);
            if (vo.endsWith(".*")) {
                switch (op) {
                    case "=", ">=" -> vo = vo.substring(0, vo.length() - 2);
                    case "!=" -> {
                        vo = vo.substring(0, vo.length() - 2);
                        op = "!=startswith";
                    }
                    case "~=" -> throw new InvalidVersionException(original, "invalid operator with '.*'");
                    default -> vo = vo.substring(0, vo.length() - 2);
                }
            }
            Op o = switch (op) {
                case "==" -> Op.EQ;
                case "!=" -> Op.NE;
                case "<=" -> Op.LE;
                case ">=" -> Op.GE;
                case "<" -> Op.LT;
                case ">" -> Op.GT;
                case "~=" -> Op.COMPAT;
                case "=" -> Op.STARTS;
                case "!=startswith" -> Op.NOT_STARTS;
                default -> throw new InvalidVersionException(original, "invalid operator " + op);
            };
            return new Rel(v, o, VersionOrder.parse(vo));
        }
        if ("<>!~=".indexOf(v.charAt(0)) >= 0) throw new InvalidVersionException(original, "invalid operator");
        if (v.equals("*")) return new Any(v);
        String stripped = v.replaceAll("\\*+$", "");
        if (stripped.contains("*")) {
            String rx = globToRegex(v);
            return new Glob(v, Pattern.compile(rx));
        }
        if (v.endsWith("*")) {
            String vs = v.endsWith(".*") ? v : v.substring(0, v.length() - 1) + ".*";
            String vo = vs.substring(0, vs.length() - 2);
            if (vo.isEmpty()) return new Any(v);
            return new Rel(v, Op.STARTS, VersionOrder.parse(vo));
        }
        if (!v.contains("@")) return new Rel(v, Op.EQ, VersionOrder.parse(v));
        return new Exact(v);
    }

    private static String globToRegex(String v) {
        StringBuilder sb = new StringBuilder("^(?:");
        for (char c : v.toCharArray()) {
            if (c == '*') sb.append(".*");
            else sb.append(Pattern.quote(String.valueOf(c)));
        }
        return sb.append(")$").toString();
    }
}

package dev.condock.pip;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One PEP 440 version specifier ({@code >=1.0}, {@code ==1.2.*}, {@code ~=2.2}, {@code ===foo}) with the exact
 * semantics of {@code packaging.specifiers.Specifier}: exclusive {@code <}/{@code >} exclude pre-, post- and local
 * releases of the bound itself, and a specifier naming a pre-release admits pre-releases.
 */
public record Pep440Specifier(String operator, String version) {
    private static final Pattern SPEC = Pattern.compile("^\\s*(~=|===|==|!=|<=|>=|<|>)\\s*([^,;\\s)]+)\\s*$");
    private static final Pattern PREFIX = Pattern.compile("^([0-9]+)((?:a|b|c|rc)[0-9]+)$");

    /** One specifier; null when {@code s} is not a valid one. */
    public static Pep440Specifier tryParse(String s) {
        Matcher m = SPEC.matcher(s);
        if (!m.matches()) return null;
        String op = m.group(1), v = m.group(2);
        if (op.equals("===")) return new Pep440Specifier(op, v);
        boolean wildcard = v.endsWith(".*");
        if (wildcard && !op.equals("==") && !op.equals("!=")) return null;
        Pep440Version parsed = Pep440Version.tryParse(wildcard ? v.substring(0, v.length() - 2) : v);
        if (parsed == null) return null;
        if (wildcard && parsed.hasLocal()) return null;
        if (parsed.hasLocal() && !op.equals("==") && !op.equals("!=")) return null;
        if (op.equals("~=") && parsed.release().length < 2) return null;
        return new Pep440Specifier(op, v);
    }

    /** Whether this specifier by itself admits pre-releases (packaging's {@code Specifier.prereleases}). */
    public boolean namesPrerelease() {
        if (!List.of("==", ">=", "<=", "~=", "===").contains(operator)) return false;
        String v =
                operator.equals("==") && version.endsWith(".*") ? version.substring(0, version.length() - 2) : version;
        Pep440Version p = Pep440Version.tryParse(v);
        return p != null && p.isPrerelease();
    }

    /** Whether {@code candidate} satisfies the operator (pre-release policy is the caller's). */
    public boolean matches(Pep440Version candidate, String candidateText) {
        switch (operator) {
            case "===":
                return candidateText.strip().toLowerCase(Locale.ROOT).equals(version.toLowerCase(Locale.ROOT));
            case "==":
                return equal(candidate, version);
            case "!=":
                return !equal(candidate, version);
            case "~=": {
                Pep440Version spec = Pep440Version.parse(version);
                long[] rel = spec.release();
                StringBuilder prefix = new StringBuilder();
                if (spec.epoch() != 0) prefix.append(spec.epoch()).append('!');
                for (int i = 0; i < rel.length - 1; i++)
                    prefix.append(i > 0 ? "." : "").append(rel[i]);
                return candidate.publicVersion().compareTo(spec) >= 0 && equal(candidate, prefix + ".*");
            }
            case "<=":
                return candidate.publicVersion().compareTo(Pep440Version.parse(version)) <= 0;
            case ">=":
                return candidate.publicVersion().compareTo(Pep440Version.parse(version)) >= 0;
            case "<": {
                Pep440Version spec = Pep440Version.parse(version);
                if (candidate.compareTo(spec) >= 0) return false;
                // <3.0 must not admit 3.0rc1 unless the bound itself is a pre-release
                return spec.isPrerelease()
                        || !candidate.isPrerelease()
                        || !candidate.baseVersion().equals(spec.baseVersion());
            }
            case ">": {
                Pep440Version spec = Pep440Version.parse(version);
                if (candidate.compareTo(spec) <= 0) return false;
                if (!spec.isPostrelease()
                        && candidate.isPostrelease()
                        && candidate.baseVersion().equals(spec.baseVersion())) return false;
                return !candidate.hasLocal() || !candidate.baseVersion().equals(spec.baseVersion());
            }
            default:
                throw new IllegalStateException(operator);
        }
    }

    private static boolean equal(Pep440Version candidate, String spec) {
        if (spec.endsWith(".*")) {
            List<String> s = split(
                    Pep440Version.parse(spec.substring(0, spec.length() - 2)).toString());
            List<String> p = split(candidate.publicVersion().toString());
            p = p.subList(0, Math.min(p.size(), s.size()));
            return pad(p, s).equals(pad(s, p));
        }
        Pep440Version sv = Pep440Version.parse(spec);
        return (sv.hasLocal() ? candidate : candidate.publicVersion()).equals(sv);
    }

    /** packaging's _version_split: "1.0rc1" → [1, 0, rc1]. */
    private static List<String> split(String v) {
        List<String> out = new ArrayList<>();
        for (String item : v.split("\\.")) {
            Matcher m = PREFIX.matcher(item);
            if (m.matches()) {
                out.add(m.group(1));
                out.add(m.group(2));
            } else {
                out.add(item);
            }
        }
        return out;
    }

    /** {@code a} with its leading numeric run padded with "0" to the length of {@code other}'s. */
    private static List<String> pad(List<String> a, List<String> other) {
        int an = numericRun(a), on = numericRun(other);
        List<String> out = new ArrayList<>(a.subList(0, an));
        while (out.size() < Math.max(an, on)) out.add("0");
        out.addAll(a.subList(an, a.size()));
        return out;
    }

    private static int numericRun(List<String> a) {
        int n = 0;
        while (n < a.size() && a.get(n).chars().allMatch(Character::isDigit)) n++;
        return n;
    }

    @Override
    public String toString() {
        return operator + version;
    }
}

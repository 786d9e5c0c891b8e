package dev.condock.pip;

import java.util.ArrayList;
import java.util.List;

/** A comma-separated PEP 440 specifier set (logical AND), with packaging's pre-release rules. */
public record SpecifierSet(List<Pep440Specifier> specifiers) {
    public static final SpecifierSet ANY = new SpecifierSet(List.of());

    public SpecifierSet {
        specifiers = List.copyOf(specifiers);
    }

    /** Parses ">=1.0, <2"; null when any part is not a valid specifier. */
    public static SpecifierSet tryParse(String text) {
        if (text == null || text.isBlank()) return ANY;
        List<Pep440Specifier> out = new ArrayList<>();
        for (String part : text.split(",")) {
            Pep440Specifier s = Pep440Specifier.tryParse(part);
            if (s == null) return null;
            out.add(s);
        }
        return new SpecifierSet(out);
    }

    public SpecifierSet and(SpecifierSet other) {
        List<Pep440Specifier> all = new ArrayList<>(specifiers);
        all.addAll(other.specifiers);
        return new SpecifierSet(all);
    }

    public boolean isEmpty() {
        return specifiers.isEmpty();
    }

    /** Whether any member names a pre-release, which admits pre-releases for the whole set. */
    public boolean namesPrerelease() {
        return specifiers.stream().anyMatch(Pep440Specifier::namesPrerelease);
    }

    /** packaging's {@code contains(v, prereleases=True)}: the operators only. */
    public boolean matchesIgnoringPrerelease(Pep440Version v, String text) {
        for (Pep440Specifier s : specifiers) if (!s.matches(v, text)) return false;
        return true;
    }

    /** packaging's {@code contains(v)}: pre-releases only when named by a member. */
    public boolean contains(Pep440Version v, String text) {
        if (v.isPrerelease() && !namesPrerelease()) return false;
        return matchesIgnoringPrerelease(v, text);
    }

    /** "*" for messages when empty. */
    @Override
    public String toString() {
        if (specifiers.isEmpty()) return "";
        StringBuilder b = new StringBuilder();
        for (Pep440Specifier s : specifiers) b.append(b.length() > 0 ? "," : "").append(s);
        return b.toString();
    }
}

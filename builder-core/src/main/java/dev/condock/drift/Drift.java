package dev.condock.drift;

import dev.condock.lock.LockInputs;
import dev.condock.spec.MatchSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One way an environment file and its lock disagree.
 *
 * @param kind   what changed
 * @param name   the package, pip requirement, channel list or platform concerned
 * @param before as the lock records it, or null
 * @param after  as the environment file says now, or null
 */
public record Drift(Kind kind, String name, String before, String after) {
    private static final Pattern PIP_NAME = Pattern.compile("^\\s*([A-Za-z0-9][A-Za-z0-9._-]*)");

    public enum Kind {
        SPEC_ADDED,
        SPEC_REMOVED,
        SPEC_CHANGED,
        PIP_ADDED,
        PIP_REMOVED,
        PIP_CHANGED,
        CHANNELS_CHANGED,
        PLATFORM_MISSING,
        NOT_RECORDED,
        HEADER_EDITED,
        UNSATISFIED
    }

    /** One line for a terminal or a CI log. */
    public String describe() {
        return switch (kind) {
            case SPEC_ADDED -> "spec added: " + after;
            case SPEC_REMOVED -> "spec removed: " + before;
            case SPEC_CHANGED -> "spec changed: " + before + " -> " + after;
            case PIP_ADDED -> "pip added: " + after;
            case PIP_REMOVED -> "pip removed: " + before;
            case PIP_CHANGED -> "pip changed: " + before + " -> " + after;
            case CHANNELS_CHANGED -> "channels changed: " + before + " -> " + after;
            case PLATFORM_MISSING -> "platform missing from lock: " + name;
            case NOT_RECORDED -> "lock has no condock input record (" + after + "); re-lock with condock";
            case HEADER_EDITED -> "lock header was edited by hand (its lines no longer give its condock-input-hash)";
            case UNSATISFIED -> "lock does not satisfy spec " + name + ": " + after;
        };
    }

    /** What changed from the recorded inputs to the current ones (empty when they agree). */
    public static List<Drift> between(LockInputs recorded, LockInputs now) {
        List<Drift> out = new ArrayList<>();
        if (recorded.hash().equals(now.hash()) && recorded.consistent()) {
            return out; // the common case, decided without parsing a spec
        }
        if (!recorded.consistent()) out.add(new Drift(Kind.HEADER_EDITED, "", null, null));
        if (!recorded.channels().equals(now.channels())) {
            out.add(new Drift(
                    Kind.CHANNELS_CHANGED,
                    "channels",
                    recorded.channels().toString(),
                    now.channels().toString()));
        }
        compare(
                byName(recorded.specs(), false),
                byName(now.specs(), false),
                out,
                Kind.SPEC_ADDED,
                Kind.SPEC_REMOVED,
                Kind.SPEC_CHANGED);
        compare(
                byName(recorded.pip(), true),
                byName(now.pip(), true),
                out,
                Kind.PIP_ADDED,
                Kind.PIP_REMOVED,
                Kind.PIP_CHANGED);
        return out;
    }

    private static void compare(
            Map<String, String> before,
            Map<String, String> after,
            List<Drift> out,
            Kind added,
            Kind removed,
            Kind changed) {
        before.forEach((n, b) -> {
            String a = after.get(n);
            if (a == null) out.add(new Drift(removed, n, b, null));
            else if (!Objects.equals(normalize(a), normalize(b))) out.add(new Drift(changed, n, b, a));
        });
        after.forEach((n, a) -> {
            if (!before.containsKey(n)) out.add(new Drift(added, n, null, a));
        });
    }

    /** Whitespace inside a spec is not a change ("numpy >=1.24" is "numpy>=1.24"). */
    private static String normalize(String s) {
        return s.replaceAll("\\s+", "");
    }

    /** Requirements keyed by package name (pip names normalized as PEP 503 does). */
    static Map<String, String> byName(List<String> lines, boolean pip) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String l : lines) m.merge(name(l, pip), l, (x, y) -> x + ", " + y);
        return m;
    }

    static String name(String requirement, boolean pip) {
        if (pip) {
            Matcher m = PIP_NAME.matcher(requirement);
            return m.find() ? m.group(1).toLowerCase(Locale.ROOT).replaceAll("[._-]+", "-") : requirement.strip();
        }
        try {
            return MatchSpec.parse(requirement).name();
        } catch (IllegalArgumentException e) {
            return requirement.strip();
        }
    }
}

package dev.condock.solve;

import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Why a requested package name has nothing to pick from, said before the solver says "nothing provides": a
 * close name that does exist ("did you mean"), builds that {@code --exclude-newer} hides, and (looked up only on
 * this error path) configured channels that are not listed or other platforms that do have it.
 */
final class MissingHints {
    private MissingHints() {}

    /** Where else a name exists: "channel conda-forge, which is not listed" or "linux-64"; looked up lazily. */
    record Elsewhere(List<String> unlistedChannels, List<String> platforms) {}

    /** The first root whose name no record offers, explained; null when every root name has records. */
    static String check(
            List<MatchSpec> roots,
            List<CondaSolver.Source> sources,
            String platform,
            long excludeNewerMillis,
            Function<String, Elsewhere> elsewhere) {
        for (MatchSpec ms : roots) {
            if (ms.name() == null || ms.name().startsWith("__") || ms.name().equals("*")) continue;
            boolean visible = false;
            long oldest = Long.MAX_VALUE;
            for (CondaSolver.Source s : sources) {
                for (PackageRecord r : s.records()) {
                    if (!r.name().equals(ms.name())) continue;
                    if (excludeNewerMillis > 0 && r.timestamp() > excludeNewerMillis) {
                        oldest = Math.min(oldest, r.timestamp());
                    } else {
                        visible = true;
                    }
                }
            }
            if (visible) continue; // the name is there: the solver's own explanation is the right one
            String head = "cannot solve: nothing provides '" + ms.text() + "'";
            if (oldest != Long.MAX_VALUE) {
                return head + ": " + ms.name() + " exists only after --exclude-newer "
                        + Instant.ofEpochMilli(excludeNewerMillis) + " (oldest build " + Instant.ofEpochMilli(oldest)
                        + ")";
            }
            Elsewhere e = elsewhere.apply(ms.name());
            if (!e.unlistedChannels().isEmpty()) {
                return head + ": " + ms.name() + " exists in channel " + String.join(", ", e.unlistedChannels())
                        + ", which is not listed in channels:";
            }
            if (!e.platforms().isEmpty()) {
                return head + ": " + ms.name() + " exists only for " + String.join(", ", e.platforms()) + ", not "
                        + platform;
            }
            List<String> close = closeNames(ms.name(), sources);
            return head + " (no package named " + ms.name() + " in the channels"
                    + (close.isEmpty() ? ")" : "; did you mean " + String.join(" or ", close) + "?)");
        }
        return null;
    }

    /** Up to three names within edit distance 2 (or equal ignoring case, '-' and '_'), closest first. */
    static List<String> closeNames(String name, List<CondaSolver.Source> sources) {
        TreeSet<String> names = new TreeSet<>();
        for (CondaSolver.Source s : sources) for (PackageRecord r : s.records()) names.add(r.name());
        String n = norm(name);
        List<String[]> scored = new ArrayList<>();
        for (String c : names) {
            if (c.startsWith("__")) continue;
            int d = norm(c).equals(n) ? 0 : distance(n, norm(c), 2);
            if (d <= 2) scored.add(new String[] {String.valueOf(d), c});
        }
        scored.sort(Comparator.<String[], String>comparing(a -> a[0]).thenComparing(a -> a[1]));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(3, scored.size()); i++) out.add(scored.get(i)[1]);
        return out;
    }

    private static String norm(String s) {
        return s.toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Levenshtein distance, or max+1 as soon as it must exceed {@code max}. */
    static int distance(String a, String b, int max) {
        if (Math.abs(a.length() - b.length()) > max) return max + 1;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > max) return max + 1;
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}

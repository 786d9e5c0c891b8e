package dev.condock.solve;

import dev.condock.channel.RecordSource;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.version.VersionOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every record the solver may pick, numbered, grouped by name, with its channel's priority (0 highest) and
 * its parsed version. Applies strict channel priority (a name comes only from the highest-priority channel
 * that has it, unless a spec names a channel) and {@code --exclude-newer}. Spec lookups are cached by text.
 *
 * <p>Names are loaded when first asked for (issue 11's sparse repodata): a lazy source parses only the names the
 * solve reaches. Each candidate's {@code seq} (source, then position in it) is its place in the eagerly built
 * pool, and lists are kept in that order, so the answers do not depend on which names were loaded when.
 */
final class Pool {
    /** One candidate record. {@code channel} is the short channel name used in dist strings. */
    record Cand(
            int id,
            PackageRecord rec,
            int priority,
            String channel,
            VersionOrder version,
            int tfCount,
            List<String> features,
            long seq) {}

    /** A channel's records with its priority; virtual packages come with priority -1. */
    record Source(String channel, int priority, List<PackageRecord> records, RecordSource lazy) {
        Source(String channel, int priority, List<PackageRecord> records) {
            this(channel, priority, records, null);
        }
    }

    private static final int SOURCE_SHIFT = 52;
    private static final Comparator<Cand> BY_SEQ = Comparator.comparingLong(Cand::seq);

    private final List<Source> sources;
    private final List<Map<String, List<RecordSource.Keyed>>> eagerByName = new ArrayList<>();
    private final boolean strictPriority;
    private final long excludeNewerMillis;
    private final List<Cand> cands = new ArrayList<>();
    private final Map<String, List<Cand>> all = new HashMap<>();
    private final Map<String, List<Cand>> strict = new HashMap<>();
    private final Map<String, List<Cand>> trackers = new HashMap<>();
    private boolean trackersLoaded;
    private final Map<String, List<Cand>> specCache = new HashMap<>();
    private final Map<String, MatchSpec> parsed = new HashMap<>();

    Pool(List<Source> sources, boolean strictPriority, long excludeNewerMillis) {
        this.sources = List.copyOf(sources);
        this.strictPriority = strictPriority;
        this.excludeNewerMillis = excludeNewerMillis;
        for (Source s : sources) {
            Map<String, List<RecordSource.Keyed>> m = new HashMap<>();
            if (s.lazy() == null) {
                for (int i = 0; i < s.records().size(); i++) {
                    PackageRecord r = s.records().get(i);
                    m.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(new RecordSource.Keyed(i, r));
                }
            }
            eagerByName.add(m);
        }
    }

    /** All candidates of {@code name} from every source, in eager order; loads the name on first use. */
    private List<Cand> load(String name) {
        List<Cand> l = all.get(name);
        if (l != null) return l;
        l = new ArrayList<>();
        for (int si = 0; si < sources.size(); si++) {
            Source s = sources.get(si);
            List<RecordSource.Keyed> recs = s.lazy() != null
                    ? s.lazy().named(name)
                    : eagerByName.get(si).getOrDefault(name, List.of());
            for (RecordSource.Keyed k : recs) {
                PackageRecord r = k.record();
                if (excludeNewerMillis > 0 && r.timestamp() > excludeNewerMillis) continue;
                List<String> feats = r.features() == null
                        ? List.of()
                        : List.of(r.features().strip().split("[ ,]+"));
                Cand c = new Cand(
                        cands.size(),
                        r,
                        s.priority(),
                        s.channel(),
                        MatchSpec.versionOf(r),
                        r.trackFeatures().size(),
                        feats,
                        ((long) si << SOURCE_SHIFT) | k.key());
                cands.add(c);
                l.add(c);
                for (String f : r.trackFeatures())
                    trackers.computeIfAbsent(f, x -> new ArrayList<>()).add(c);
            }
        }
        all.put(name, l);
        if (!strictPriority) {
            strict.put(name, l);
        } else {
            int best = Integer.MAX_VALUE;
            for (Cand c : l) best = Math.min(best, c.priority());
            List<Cand> keep = new ArrayList<>();
            for (Cand c : l) if (c.priority() == best) keep.add(c);
            strict.put(name, keep);
        }
        return l;
    }

    int size() {
        return cands.size();
    }

    Cand get(int id) {
        return cands.get(id);
    }

    /** Candidates of a name after channel priority. */
    List<Cand> byName(String name) {
        load(name);
        return strict.get(name);
    }

    /** Records that track a feature (the legacy {@code features} mechanism). */
    List<Cand> trackersOf(String feature) {
        if (!trackersLoaded) {
            trackersLoaded = true;
            for (int si = 0; si < sources.size(); si++) {
                Source s = sources.get(si);
                if (s.lazy() != null) {
                    for (String n : s.lazy().trackerNames()) load(n);
                } else {
                    for (PackageRecord r : s.records()) if (!r.trackFeatures().isEmpty()) load(r.name());
                }
            }
            for (List<Cand> l : trackers.values()) l.sort(BY_SEQ);
        }
        return trackers.getOrDefault(feature, List.of());
    }

    MatchSpec spec(String text) {
        return parsed.computeIfAbsent(text, MatchSpec::parse);
    }

    /** Candidates matching a spec; a spec naming a channel looks past channel priority, to that channel only. */
    List<Cand> matching(MatchSpec ms) {
        List<Cand> hit = specCache.get(ms.text());
        if (hit != null) return hit;
        List<Cand> base = ms.channel() != null ? load(ms.name()) : byName(ms.name());
        hit = new ArrayList<>();
        for (Cand c : base) {
            if (ms.channel() != null && !channelMatches(ms.channel(), c)) continue;
            if (ms.matchesIgnoringName(c.rec())) hit.add(c);
        }
        specCache.put(ms.text(), hit);
        return hit;
    }

    private final Map<Integer, Map<String, String>> depsByName = new HashMap<>();

    /** A candidate's dependency texts keyed by package name. */
    Map<String, String> depsByName(Cand c) {
        return depsByName.computeIfAbsent(c.id(), k -> {
            Map<String, String> m = new HashMap<>();
            for (String d : c.rec().depends()) m.put(spec(d).name(), d);
            return m;
        });
    }

    private final Map<String, VersionOrder> best = new HashMap<>();

    /** The highest version any candidate of {@code ms} has, or null when none. */
    VersionOrder bestVersion(MatchSpec ms) {
        if (best.containsKey(ms.text())) return best.get(ms.text());
        VersionOrder top = null;
        for (Cand c : matching(ms)) if (top == null || c.version().compareTo(top) > 0) top = c.version();
        best.put(ms.text(), top);
        return top;
    }

    private static boolean channelMatches(String want, Cand c) {
        if (want.equals(c.channel())) return true;
        String url = c.rec().channel();
        return url != null && (url.equals(want) || url.endsWith("/" + want));
    }
}

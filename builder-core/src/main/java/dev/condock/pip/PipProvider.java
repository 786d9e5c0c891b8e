package dev.condock.pip;

import dev.condock.pip.ResolverModel.Cand;
import dev.condock.pip.ResolverModel.Criterion;
import dev.condock.pip.ResolverModel.ExplicitReq;
import dev.condock.pip.ResolverModel.Info;
import dev.condock.pip.ResolverModel.PythonReq;
import dev.condock.pip.ResolverModel.Req;
import dev.condock.pip.ResolverModel.SpecReq;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * pip 23's resolver provider: which candidates match (finder filtering, pre-release and yanked rules, extras as
 * separate nodes bound to their base), a candidate's dependencies (Requires-Dist with markers for the target, then
 * Requires-Python), and the preference that decides what to pin next.
 */
final class PipProvider {
    private final IndexClient client;
    private final PipTarget target;
    private final WheelTags tags;
    private final boolean pre;
    private final Map<String, String> installed;
    private final Map<String, Integer> userRequested;
    private final Map<String, Double> knownDepths = new HashMap<>();
    private final Map<Cand, List<Req>> depsCache = new HashMap<>();
    private final Map<String, WheelMetadata> metadataCache = new HashMap<>();
    private final Map<String, List<Cand>> wheelsCache = new HashMap<>();
    final Cand python;

    PipProvider(
            IndexClient client,
            PipTarget target,
            boolean pre,
            Map<String, String> installed,
            Map<String, Integer> userRequested) {
        this.client = client;
        this.target = target;
        this.tags = WheelTags.forTarget(target);
        this.pre = pre;
        this.installed = installed;
        this.userRequested = userRequested;
        String full = Markers.environment(target, "").get("python_full_version");
        this.python = new Cand(ResolverModel.PYTHON, List.of(), Pep440Version.parse(full), full, null, false, true);
    }

    /** pip's get_preference tuple. */
    record Preference(
            boolean notRequiresPython,
            boolean notDirect,
            boolean notPinned,
            boolean notBacktrackCause,
            double depth,
            double requestedOrder,
            boolean notUnfree,
            String identifier)
            implements Comparable<Preference> {
        private static final Comparator<Preference> ORDER = Comparator.comparing(Preference::notRequiresPython)
                .thenComparing(Preference::notDirect)
                .thenComparing(Preference::notPinned)
                .thenComparing(Preference::notBacktrackCause)
                .thenComparingDouble(Preference::depth)
                .thenComparingDouble(Preference::requestedOrder)
                .thenComparing(Preference::notUnfree)
                .thenComparing(Preference::identifier);

        @Override
        public int compareTo(Preference o) {
            return ORDER.compare(this, o);
        }
    }

    Preference preference(String id, Map<String, Criterion> criteria, List<Info> backtrackCauses) {
        List<Info> info = criteria.get(id).information();
        boolean hasInfo = !info.isEmpty();
        List<String> ops = new ArrayList<>();
        for (Info i : info) {
            if (i.requirement() instanceof SpecReq s && s.url() == null)
                for (Pep440Specifier sp : s.spec().specifiers()) ops.add(sp.operator());
        }
        // pip 23 zips the lookups into a tuple, which is never None: every identifier with information is "direct"
        boolean direct = hasInfo;
        boolean pinned = ops.stream().anyMatch(o -> o.startsWith("=="));
        double depth;
        Integer order = userRequested.get(id);
        if (order != null) {
            depth = 1.0;
        } else if (hasInfo) {
            double min = Double.POSITIVE_INFINITY;
            for (Info i : info) {
                double d = i.parent() == null
                        ? 0.0
                        : knownDepths.getOrDefault(i.parent().identifier(), Double.POSITIVE_INFINITY);
                min = Math.min(min, d);
            }
            depth = min + 1.0;
        } else {
            depth = Double.POSITIVE_INFINITY;
        }
        knownDepths.put(id, depth);
        boolean cause = false;
        for (Info c : backtrackCauses) {
            if (id.equals(c.requirement().identifier())
                    || c.parent() != null && id.equals(c.parent().identifier())) cause = true;
        }
        return new Preference(
                !id.equals(ResolverModel.PYTHON),
                !direct,
                !pinned,
                !cause,
                depth,
                order == null ? Double.POSITIVE_INFINITY : order,
                ops.isEmpty(),
                id);
    }

    List<Cand> findMatches(String id, Function<String, List<Req>> requirements, List<Cand> incompat)
            throws CondockException {
        List<Req> reqs = requirements.apply(id);
        if (id.equals(ResolverModel.PYTHON)) {
            for (Req r : reqs) if (!r.isSatisfiedBy(python)) return List.of();
            return List.of(python);
        }
        String project = id.contains("[") ? id.substring(0, id.indexOf('[')) : id;
        List<String> extras = id.contains("[")
                ? List.of(id.substring(id.indexOf('[') + 1, id.length() - 1).split(","))
                : List.of();
        Set<Cand> explicit = new LinkedHashSet<>();
        List<SpecReq> specs = new ArrayList<>();
        for (Req r : reqs) {
            if (r instanceof ExplicitReq e) explicit.add(e.candidate());
            else if (r instanceof SpecReq s && s.url() != null) explicit.add(direct(s));
            else if (r instanceof SpecReq s) specs.add(s);
        }
        if (!extras.isEmpty()) {
            for (Req r : requirements.apply(project)) {
                Cand base = r instanceof ExplicitReq e
                        ? e.candidate()
                        : r instanceof SpecReq s && s.url() != null ? direct(s) : null;
                if (base != null) explicit.add(withExtras(base, extras));
            }
        }
        List<Cand> out = new ArrayList<>();
        if (!explicit.isEmpty()) {
            for (Cand c : explicit) {
                if (incompat.contains(c)) continue;
                boolean ok = true;
                for (Req r : reqs) ok &= r.isSatisfiedBy(c);
                if (ok) out.add(c);
            }
            return out;
        }
        if (installed.containsKey(project)) {
            // conda owns it: the installed version is the only candidate, never replaced
            String v = installed.get(project);
            Pep440Version pv = Pep440Version.tryParse(v);
            if (pv == null) return List.of();
            Cand c = new Cand(project, extras, pv, v, null, true, false);
            for (Req r : reqs) if (!r.isSatisfiedBy(c)) return List.of();
            return incompat.contains(c) ? List.of() : List.of(c);
        }
        SpecifierSet spec = SpecifierSet.ANY;
        for (SpecReq s : specs) spec = spec.and(s.spec());
        for (Cand c : found(project, spec)) {
            Cand withX = withExtras(c, extras);
            if (!incompat.contains(withX)) out.add(withX);
        }
        return out;
    }

    private static Cand withExtras(Cand base, List<String> extras) {
        return new Cand(
                base.project(), extras, base.version(), base.versionText(), base.link(), base.installed(), false);
    }

    /** The candidate a direct reference names. */
    Cand direct(SpecReq s) throws CondockException {
        String file = s.url().substring(s.url().lastIndexOf('/') + 1);
        int hash = file.indexOf('#');
        String frag = hash < 0 ? "" : file.substring(hash + 1);
        file = hash < 0 ? file : file.substring(0, hash);
        WheelTags.WheelName wn = WheelTags.parse(file);
        if (wn == null)
            throw CondockException.user("pip requirement '" + s.text()
                    + "': condock installs wheels only; build a wheel and list its path or URL");
        if (!wn.name().equals(s.project()))
            throw CondockException.user(
                    "pip requirement '" + s.text() + "': the wheel is for " + wn.name() + ", not " + s.project());
        if (tags.priority(wn) < 0)
            throw CondockException.user(
                    "pip requirement '" + s.text() + "': " + file + " is not compatible with this image ("
                            + target.platform() + ", python " + target.pythonMajorMinor() + ")");
        Pep440Version v = Pep440Version.tryParse(wn.version());
        if (v == null) throw CondockException.user("pip requirement '" + s.text() + "': bad version in " + file);
        String sha = frag.startsWith("sha256=") ? frag.substring(7) : null;
        String url = hash < 0 ? s.url() : s.url().substring(0, s.url().indexOf('#'));
        return new Cand(
                s.project(),
                List.of(),
                v,
                wn.version(),
                new IndexLink(file, url, sha, null, false, null, "direct reference"),
                false,
                false);
    }

    /** Wheel candidates from the indexes, newest first, one per version (the best-tagged wheel), as pip's finder. */
    private List<Cand> found(String project, SpecifierSet spec) throws CondockException {
        List<Cand> all = wheels(project); // newest first; non-yanked before yanked
        boolean prereleases = pre || spec.namesPrerelease();
        List<Cand> applicable = new ArrayList<>();
        if (spec.isEmpty() && !pre) {
            List<Cand> finals = new ArrayList<>();
            for (Cand c : all) if (!c.version().isPrerelease()) finals.add(c);
            applicable = finals.isEmpty() ? all : finals; // only pre-releases exist: pip takes them
        } else {
            for (Cand c : all) {
                if (c.version().isPrerelease() && !prereleases) continue;
                if (spec.matchesIgnoringPrerelease(c.version(), c.versionText())) applicable.add(c);
            }
        }
        boolean allYanked = applicable.stream().allMatch(c -> c.link().yanked());
        boolean pinned = spec.specifiers().stream()
                .anyMatch(s -> s.operator().equals("===")
                        || s.operator().equals("==") && !s.version().endsWith(".*"));
        List<Cand> out = new ArrayList<>();
        Set<Pep440Version> seen = new java.util.HashSet<>();
        for (Cand c : applicable) {
            if (c.link().yanked() && !(allYanked && pinned)) continue; // PEP 592
            if (seen.add(c.version())) out.add(c);
        }
        return out;
    }

    /** All compatible wheels of a project, sorted as pip's finder prefers them (best first). */
    List<Cand> wheels(String project) throws CondockException {
        List<Cand> cached = wheelsCache.get(project);
        if (cached != null) return cached;
        record Scored(Cand cand, int priority, int build) {}
        List<Scored> scored = new ArrayList<>();
        for (IndexLink l : client.links(project)) {
            WheelTags.WheelName wn = WheelTags.parse(l.filename());
            if (wn == null || !wn.name().equals(project)) continue;
            int pri = tags.priority(wn);
            if (pri < 0) continue;
            Pep440Version v = Pep440Version.tryParse(wn.version());
            if (v == null) continue;
            if (l.requiresPython() != null) {
                SpecifierSet rp = SpecifierSet.tryParse(l.requiresPython());
                if (rp != null && !rp.contains(python.version(), python.versionText())) continue;
            }
            int build =
                    wn.build() == null ? -1 : Integer.parseInt("0" + wn.build().replaceAll("\\D.*", ""));
            scored.add(new Scored(new Cand(project, List.of(), v, wn.version(), l, false, false), pri, build));
        }
        // pip's _sort_key, reversed: not yanked first, then newest version, then best tag, then highest build
        scored.sort(Comparator.comparing((Scored s) -> s.cand().link().yanked())
                .thenComparing((Scored s) -> s.cand().version(), Comparator.reverseOrder())
                .thenComparingInt(Scored::priority)
                .thenComparing(Scored::build, Comparator.reverseOrder()));
        List<Cand> out = new ArrayList<>();
        for (Scored s : scored) out.add(s.cand());
        wheelsCache.put(project, out);
        return out;
    }

    WheelMetadata metadata(Cand c) throws CondockException {
        String key = c.link().url();
        WheelMetadata m = metadataCache.get(key);
        if (m == null) {
            m = WheelMetadata.parse(client.metadata(c.link()));
            metadataCache.put(key, m);
        }
        return m;
    }

    /** Dependencies as pip yields them: explicit base (extras candidates), Requires-Dist, then Requires-Python. */
    List<Req> dependencies(Cand c) throws CondockException {
        List<Req> cached = depsCache.get(c);
        if (cached != null) return cached;
        List<Req> out = new ArrayList<>();
        if (c.python()) {
            depsCache.put(c, out);
            return out;
        }
        if (!c.extras().isEmpty()) out.add(new ExplicitReq(c.base()));
        if (!c.installed()) {
            WheelMetadata md = metadata(c);
            List<String> valid = new ArrayList<>();
            for (String e : c.extras()) if (md.providesExtra().contains(e)) valid.add(e);
            for (String line : md.requiresDist()) {
                PipRequirement r;
                try {
                    r = Pep508.parse(line);
                } catch (CondockException e) {
                    throw CondockException.user(
                            c.project() + " " + c.versionText() + ": bad Requires-Dist '" + line + "'");
                }
                if (!markerApplies(r, valid)) continue;
                out.add(toReq(r));
            }
            if (md.requiresPython() != null) {
                SpecifierSet rp = SpecifierSet.tryParse(md.requiresPython());
                if (rp != null && !rp.isEmpty()) out.add(new PythonReq(rp));
            }
        }
        depsCache.put(c, out);
        return out;
    }

    /** pip's match_markers: true without a marker, else for any requested extra (or "" when none). */
    boolean markerApplies(PipRequirement r, List<String> extras) {
        if (r.marker() == null) return true;
        Markers.Expr e = Markers.parse(r.marker());
        for (String x : extras.isEmpty() ? List.of("") : extras)
            if (e.eval(Markers.environment(target, x))) return true;
        return false;
    }

    static SpecReq toReq(PipRequirement r) {
        SpecifierSet s = SpecifierSet.tryParse(r.specifier());
        return new SpecReq(r.name(), r.extras(), s == null ? SpecifierSet.ANY : s, r.url(), r.text());
    }

    WheelTags tags() {
        return tags;
    }
}

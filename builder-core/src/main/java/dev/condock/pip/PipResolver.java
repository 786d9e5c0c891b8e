package dev.condock.pip;

import dev.condock.pip.ResolverModel.Cand;
import dev.condock.pip.ResolverModel.Req;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Resolves pip requirements to wheels for a target as pip 23's resolver would (same algorithm, same preference,
 * same candidate order), reading only index pages and wheel METADATA. Distributions conda installs count as
 * satisfied and are never replaced; sdists are never built.
 */
public final class PipResolver {
    private PipResolver() {}

    /**
     * @param installed normalized name → version already in the prefix from conda (satisfy requirements; never replaced)
     * @return the wheels to install, dependencies first; installed distributions are not included
     */
    public static List<ResolvedWheel> resolve(
            List<PipRequirement> reqs, Map<String, String> installed, PipTarget target, PipOptions opts)
            throws CondockException {
        return resolve(reqs, installed, target, opts, w -> {});
    }

    /** As above; {@code warn} hears of corrupt pip cache entries (removed and downloaded again). */
    public static List<ResolvedWheel> resolve(
            List<PipRequirement> reqs,
            Map<String, String> installed,
            PipTarget target,
            PipOptions opts,
            java.util.function.Consumer<String> warn)
            throws CondockException {
        return resolve(reqs, installed, target, opts, new PipHttp(opts.cacheRoot()).warnTo(warn));
    }

    static List<ResolvedWheel> resolve(
            List<PipRequirement> reqs, Map<String, String> installed, PipTarget target, PipOptions opts, PipHttp http)
            throws CondockException {
        Map<String, String> inst = new HashMap<>();
        installed.forEach((k, v) -> inst.put(PipNames.normalize(k), v));
        IndexClient client = new IndexClient(opts, http);
        Map<String, Integer> userRequested = new HashMap<>();
        List<Req> roots = new ArrayList<>();
        Set<String> requested = new TreeSet<>();
        PipProvider probe = new PipProvider(client, target, opts.pre(), inst, userRequested);
        for (int i = 0; i < reqs.size(); i++) {
            PipRequirement r = reqs.get(i);
            if (!probe.markerApplies(r, List.of()))
                continue; // a marker for another platform/python: not for this image
            Req req = PipProvider.toReq(r);
            userRequested.putIfAbsent(req.identifier(), i);
            roots.add(req);
            requested.add(r.name());
        }
        LinkedHashMap<String, Cand> pins;
        Resolution resolution = new Resolution(probe);
        try {
            pins = resolution.resolve(roots);
        } catch (Resolution.Impossible e) {
            throw new ConflictExplainer(probe, client, inst, opts).explain(e, resolution.requirers);
        }
        return assemble(pins, requested, probe, client);
    }

    private static List<ResolvedWheel> assemble(
            Map<String, Cand> pins, Set<String> requested, PipProvider p, IndexClient client) throws CondockException {
        Map<String, Cand> bases = new TreeMap<>();
        Map<String, Set<String>> deps = new TreeMap<>();
        Map<String, Map<String, String>> specs = new TreeMap<>();
        for (Cand c : pins.values()) {
            if (c.python() || c.installed()) continue;
            bases.put(c.project(), c.base());
            Set<String> d = deps.computeIfAbsent(c.project(), k -> new TreeSet<>());
            for (Req r : p.dependencies(c)) {
                String id = r.identifier();
                if (id.equals(ResolverModel.PYTHON)) continue;
                String project = id.contains("[") ? id.substring(0, id.indexOf('[')) : id;
                if (!project.equals(c.project())) {
                    d.add(project);
                    String spec =
                            r instanceof ResolverModel.SpecReq sr && !sr.spec().isEmpty()
                                    ? sr.spec().toString()
                                    : "*";
                    specs.computeIfAbsent(c.project(), k -> new TreeMap<>())
                            .merge(project, spec, (a, b) -> a.equals("*") ? b : b.equals("*") ? a : a + "," + b);
                }
            }
        }
        List<String> order = new ArrayList<>();
        Set<String> visiting = new LinkedHashSet<>();
        for (String name : bases.keySet()) visit(name, bases, deps, order, visiting);
        List<ResolvedWheel> out = new ArrayList<>();
        for (String name : order) {
            Cand c = bases.get(name);
            WheelMetadata md = p.metadata(c);
            out.add(new ResolvedWheel(
                    name,
                    c.versionText(),
                    c.link().filename(),
                    c.link().url(),
                    client.sha256(c.link()),
                    requested.contains(name),
                    new ArrayList<>(deps.get(name)),
                    md.requiresPython(),
                    specs.getOrDefault(name, Map.of())));
        }
        return out;
    }

    /** Depth-first, dependencies before dependents; a cycle is cut where it closes (pip does the same). */
    private static void visit(
            String name,
            Map<String, Cand> bases,
            Map<String, Set<String>> deps,
            List<String> order,
            Set<String> visiting) {
        if (order.contains(name) || !bases.containsKey(name) || !visiting.add(name)) return;
        for (String d : deps.get(name)) visit(d, bases, deps, order, visiting);
        visiting.remove(name);
        order.add(name);
    }
}

package dev.condock.pip;

import dev.condock.pip.ResolverModel.Cand;
import dev.condock.pip.ResolverModel.Info;
import dev.condock.pip.ResolverModel.SpecReq;
import dev.condock.util.CondockException;
import dev.condock.util.Redact;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Turns a failed resolution into one line: the unsatisfiable requirements with the chain that asked for each. */
final class ConflictExplainer {
    private final PipProvider p;
    private final IndexClient client;
    private final Map<String, String> installed;
    private final PipOptions opts;

    ConflictExplainer(PipProvider p, IndexClient client, Map<String, String> installed, PipOptions opts) {
        this.p = p;
        this.client = client;
        this.installed = installed;
        this.opts = opts;
    }

    CondockException explain(Resolution.Impossible e, Map<String, List<Cand>> requirers) throws CondockException {
        // the most specific reason first: conda's distribution, a missing project, sdist-only, no compatible wheel
        for (Info i : e.causes) {
            if (!(i.requirement() instanceof SpecReq s)) continue;
            String v = installed.get(s.project());
            if (v != null
                    && !s.isSatisfiedBy(new Cand(
                            s.project(),
                            List.of(),
                            Pep440Version.tryParse(v) == null ? Pep440Version.parse("0") : Pep440Version.parse(v),
                            v,
                            null,
                            true,
                            false))) {
                String wanted = "another version";
                for (Cand c : p.wheels(s.project())) {
                    if (s.spec().contains(c.version(), c.versionText())
                            || s.spec().namesPrerelease()
                                    && s.spec().matchesIgnoringPrerelease(c.version(), c.versionText())) {
                        wanted = c.versionText();
                        break;
                    }
                }
                return CondockException.user("pip: '" + s.text() + "' (" + chain(i.parent(), requirers)
                        + ") needs a different "
                        + s.project() + ": pip would replace conda's " + s.project() + " " + v + " with " + wanted
                        + "; change the conda pin or the pip requirement");
            }
        }
        for (Info i : e.causes) {
            if (!(i.requirement() instanceof SpecReq s) || s.url() != null || installed.containsKey(s.project()))
                continue;
            List<IndexLink> links = client.links(s.project());
            if (links.isEmpty()) {
                List<String> where = new ArrayList<>();
                for (String u : opts.allIndexes()) where.add(Redact.url(u));
                for (String u : opts.findLinks()) where.add(Redact.url(u));
                return CondockException.user("pip: no package named '" + s.project() + "' on "
                        + String.join(", ", where) + " (" + chain(i.parent(), requirers) + ")");
            }
            if (p.wheels(s.project()).isEmpty()) {
                String sdist = null, anyWheel = null;
                for (IndexLink l : links) {
                    String[] sd = IndexClient.sdist(l.filename());
                    if (sd != null) {
                        Pep440Version v = Pep440Version.tryParse(sd[1]);
                        if (v != null && s.spec().matchesIgnoringPrerelease(v, sd[1])) sdist = sd[1];
                    } else if (l.filename().endsWith(".whl")) {
                        anyWheel = l.filename();
                    }
                }
                if (sdist != null) {
                    return CondockException.user(
                            "pip: " + s.project() + " " + sdist + " is only available as a source distribution"
                                    + " (no wheel for python " + p.python.versionText()
                                    + " on this platform); condock never builds sdists:"
                                    + " build a wheel (pip wheel --no-deps '" + s.project() + "==" + sdist
                                    + "') and list its path in pip:");
                }
                return CondockException.user("pip: no wheel of " + s.project() + " fits this image (python "
                        + p.python.versionText() + ", " + p.tags().ordered().get(0) + ")"
                        + (anyWheel != null ? "; the index has e.g. " + anyWheel : ""));
            }
        }
        Set<String> lines = new LinkedHashSet<>();
        for (Info i : e.causes) lines.add(i.requirement().describe() + " (" + chain(i.parent(), requirers) + ")");
        return CondockException.user("pip: cannot satisfy these requirements together: " + String.join("; ", lines));
    }

    /** "required by b 2.0 ← a 1.0 ← pip:" up to the top-level requirement. */
    private static String chain(Cand parent, Map<String, List<Cand>> requirers) {
        if (parent == null) return "requested in pip:";
        StringBuilder b = new StringBuilder("required by ");
        Set<String> seen = new LinkedHashSet<>();
        Cand c = parent;
        while (c != null && seen.add(c.identifier()) && seen.size() < 10) {
            if (seen.size() > 1) b.append(" ← ");
            b.append(c.project()).append(' ').append(c.versionText());
            Cand next = null;
            boolean top = false;
            for (Cand by : requirers.getOrDefault(c.identifier(), List.of())) {
                if (by == null) top = true;
                else if (next == null && !seen.contains(by.identifier())) next = by;
            }
            if (top || next == null) {
                b.append(top ? " ← pip:" : "");
                break;
            }
            c = next;
        }
        return b.toString();
    }
}

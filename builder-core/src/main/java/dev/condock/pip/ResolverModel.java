package dev.condock.pip;

import java.util.List;

/** The values pip's resolver (resolvelib) works with: requirements, candidates, criteria. */
final class ResolverModel {
    private ResolverModel() {}

    /** resolvelib identifier of a project with extras: {@code name} or {@code name[a,b]}. */
    static String identifier(String project, List<String> extras) {
        return extras.isEmpty() ? project : project + "[" + String.join(",", extras) + "]";
    }

    /** pip's pseudo-project for Requires-Python. */
    static final String PYTHON = "<Python from Requires-Python>";

    sealed interface Req permits SpecReq, ExplicitReq, PythonReq {
        String identifier();

        boolean isSatisfiedBy(Cand c);

        String describe();
    }

    /** A PEP 508 requirement (markers already applied); {@code url} for a direct reference. */
    record SpecReq(String project, List<String> extras, SpecifierSet spec, String url, String text) implements Req {
        public String identifier() {
            return ResolverModel.identifier(project, extras);
        }

        public boolean isSatisfiedBy(Cand c) {
            if (url != null) return c.link() != null && c.link().url().equals(url) || c.installed();
            return spec.matchesIgnoringPrerelease(c.version(), c.versionText()); // pip: prereleases=True here
        }

        public String describe() {
            return text;
        }
    }

    /** "exactly this candidate": what an extras candidate requires of its base. */
    record ExplicitReq(Cand candidate) implements Req {
        public String identifier() {
            return candidate.project();
        }

        public boolean isSatisfiedBy(Cand c) {
            return c.equals(candidate);
        }

        public String describe() {
            return candidate.project() + "==" + candidate.versionText();
        }
    }

    /** Requires-Python of a candidate, satisfied only by the target python. */
    record PythonReq(SpecifierSet spec) implements Req {
        public String identifier() {
            return PYTHON;
        }

        public boolean isSatisfiedBy(Cand c) {
            return c.python() && spec.matchesIgnoringPrerelease(c.version(), c.versionText());
        }

        public String describe() {
            return "Requires-Python " + spec;
        }
    }

    /**
     * A candidate: one version of a project (best wheel for the target), with extras for the extras-candidates pip
     * models as separate nodes; or a conda-installed distribution; or the target python.
     */
    record Cand(
            String project,
            List<String> extras,
            Pep440Version version,
            String versionText,
            IndexLink link,
            boolean installed,
            boolean python) {
        String identifier() {
            return python ? PYTHON : ResolverModel.identifier(project, extras);
        }

        Cand base() {
            return extras.isEmpty()
                    ? this
                    : new Cand(project, List.of(), version, versionText, link, installed, python);
        }

        @Override
        public String toString() {
            return identifier() + " " + versionText;
        }
    }

    /** Who asked for what: {@code parent} is null for a top-level requirement. */
    record Info(Req requirement, Cand parent) {}

    record Criterion(List<Cand> candidates, List<Info> information, List<Cand> incompatibilities) {}

    /** No candidate satisfies the requirements gathered in {@code criterion}. */
    static final class Conflicted extends Exception {
        private static final long serialVersionUID = 1L;
        final transient Criterion criterion;

        Conflicted(Criterion criterion) {
            super(null, null, false, false);
            this.criterion = criterion;
        }
    }
}

package dev.condock.pipeline;

import dev.condock.lock.CanonicalLock;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockedEnvironment;
import dev.condock.model.PackageRecord;
import dev.condock.provenance.GitSource;
import dev.condock.provenance.ProvenanceRecord;
import dev.condock.provenance.SbomInput;
import dev.condock.provenance.SbomPackage;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One platform's {@link ProvenanceRecord}, from the request and the inputs decided for the platform. */
final class Records {
    private Records() {}

    static ProvenanceRecord of(BuildRequest req, PlatformInputs in) throws CondockException {
        ProvenanceRecord.Builder b = new ProvenanceRecord.Builder();
        Path spec = req.provenance().specFile();
        Path lockFile = req.source() instanceof BuildRequest.FromLock l ? l.pathFor(in.platform()) : null;
        // the same record on every route (solved, @EXPLICIT, conda-lock.yml): the environment file when this
        // build knows it (a lock build: the one its header hash names, unchanged), and one rendering of the lock
        Path env = req.source() instanceof BuildRequest.FromEnvironment e
                ? e.file()
                : lockFile != null ? LockedEnvironment.find(lockFile, in.lock()) : null;
        b.add("environment", ProvenanceRecord.ENVIRONMENT_FILE, read(env));
        b.add("spec", ProvenanceRecord.SPEC_FILE, read(spec));
        b.add("lock", ProvenanceRecord.EXPLICIT_LOCK_FILE, CanonicalLock.render(in.lock()));
        var format = req.provenance().sbom();
        if (format.fileName() != null) {
            b.add("sbom", format.fileName(), sbom(req, in).write(format));
        }
        Path where = spec != null ? spec : env != null ? env : lockFile;
        // a rebuild from an image keeps the image's git source: its inputs now come from the image, not a work tree
        GitSource git = req.provenance().rebuildOf() != null
                ? req.provenance().rebuildOf().git()
                : where == null
                        ? GitSource.NONE
                        : GitSource.of(where.toAbsolutePath().getParent());
        return b.build(git);
    }

    /**
     * Every package of the image, from what every route has alike (the canonical lock: conda records by URL and
     * hash, wheels by URL and hash), so a solved build and a build from its lock give the same SBOM bytes.
     */
    static SbomInput sbom(BuildRequest req, PlatformInputs in) throws CondockException {
        List<SbomPackage> pkgs = new ArrayList<>();
        LockFile lock = CanonicalLock.canonical(in.lock());
        for (PackageRecord r : lock.packages()) {
            pkgs.add(SbomPackage.conda(r));
        }
        for (dev.condock.lock.LockedWheel w : lock.pip()) { // pip wheels: pkg:pypi, deps by name
            pkgs.add(SbomPackage.pypi(
                    w.name(),
                    w.version(),
                    redact(w.url()),
                    w.sha256(),
                    null,
                    w.dependencies().stream()
                            .map(d -> d.strip().split("[ ;=<>!~\\[(]", 2)[0])
                            .toList()));
        }
        BaseImage base = in.base();
        return new SbomInput(
                "condock image " + req.prefix() + " " + in.platform().subdir(),
                req.mtime(),
                pkgs,
                base.reference(),
                base.reference() == null ? null : base.digest());
    }

    private static String redact(String url) {
        return url == null ? null : dev.condock.util.Redact.url(url).replace("/t/<TOKEN>/", "/");
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return n.endsWith(".yml") || n.endsWith(".yaml");
    }

    private static byte[] read(Path p) throws CondockException {
        if (p == null) {
            return null;
        }
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw CondockException.user(p + ": cannot read: " + e.getMessage());
        }
    }
}

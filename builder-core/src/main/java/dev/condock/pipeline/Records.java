package dev.condock.pipeline;

import dev.condock.lock.LockWriter;
import dev.condock.model.PackageRecord;
import dev.condock.provenance.GitSource;
import dev.condock.provenance.ProvenanceRecord;
import dev.condock.provenance.SbomInput;
import dev.condock.provenance.SbomPackage;
import dev.condock.solve.SolvedPackage;
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
        Path env = req.source() instanceof BuildRequest.FromEnvironment e ? e.file() : null;
        Path spec = req.provenance().specFile();
        Path lockFile = req.source() instanceof BuildRequest.FromLock l ? l.pathFor(in.platform()) : null;
        b.add("environment", ProvenanceRecord.ENVIRONMENT_FILE, read(env));
        b.add("spec", ProvenanceRecord.SPEC_FILE, read(spec));
        if (in.resolution() != null) {
            // the solve as a conda-lock.yml (records with depends and hashes), what `condock lock` writes
            // with the pip wheels and the input header, as `condock lock` writes it (the record lacked the wheels)
            String yaml = LockWriter.condaLockYaml(
                    in.resolution(),
                    List.of(env.getFileName().toString()),
                    java.util.Map.of(in.platform().subdir(), in.lock().pip()),
                    req.source() instanceof BuildRequest.FromEnvironment fe
                            ? dev.condock.lock.LockInputs.of(fe.spec())
                            : null);
            b.add("lock", ProvenanceRecord.CONDA_LOCK_FILE, yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } else {
            String name = lockFile != null && isYaml(lockFile)
                    ? ProvenanceRecord.CONDA_LOCK_FILE
                    : ProvenanceRecord.EXPLICIT_LOCK_FILE;
            b.add("lock", name, in.lock().content()); // the file as given
        }
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

    /** Every package of the image: the solve's full records when it solved, else the lock's. */
    static SbomInput sbom(BuildRequest req, PlatformInputs in) {
        List<SbomPackage> pkgs = new ArrayList<>();
        if (in.resolution() != null) {
            for (SolvedPackage p : in.resolution().packages(in.platform())) {
                pkgs.add(SbomPackage.conda(p.record()));
            }
        } else {
            for (PackageRecord r : in.lock().packages()) {
                pkgs.add(SbomPackage.conda(r));
            }
        }
        for (dev.condock.lock.LockedWheel w : in.lock().pip()) { // pip wheels: pkg:pypi, deps by name
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

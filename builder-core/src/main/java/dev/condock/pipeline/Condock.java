package dev.condock.pipeline;

import dev.condock.base.BaseContents;
import dev.condock.image.ImageIndex;
import dev.condock.image.ImageTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockInputs;
import dev.condock.lock.LockReader;
import dev.condock.lock.LockWriter;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.provenance.SbomReferrers;
import dev.condock.registry.PushListener;
import dev.condock.registry.PushResult;
import dev.condock.sign.BuildSigning;
import dev.condock.solve.Resolution;
import dev.condock.solve.ResolveOptions;
import dev.condock.solve.Resolver;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * condock's one entry point: {@code new Condock(listener).build(request)}. Each platform's inputs are decided
 * once (base read, virtual packages resolved, lock read or solved), then built; several platforms make an image
 * index, written to the targets once every image is complete. {@code plan}, {@code lock} and {@code diff} use
 * the same request and the same decisions, so they show what a build would do. builder-core never prints: the
 * listener gets progress, the result value everything else.
 */
public final class Condock {
    private final BuildListener listener;

    public Condock(BuildListener listener) {
        this.listener = listener;
    }

    /** Builds the image(s) and writes them to the request's targets (at least one). */
    public BuildResult build(BuildRequest req) throws CondockException {
        if (req.targets().isEmpty()) {
            throw CondockException.user("no target: pass --to TARGET or list tags: in the spec");
        }
        ImageOutputs.validate(req.targets(), req.platforms().size() > 1, req.registry());
        BuildSigning signing = req.provenance().signKey() == null
                ? null
                : BuildSigning.prepare(req.provenance().signKey(), req.targets());
        BuildResult result = req.tests().isEmpty() ? buildInto(req, req.targets()) : testedBuild(req);
        SbomReferrers.push(
                        req.provenance().sbom(),
                        req.targets(),
                        result.images().stream()
                                .map(BuildResult.PlatformImage::image)
                                .toList(),
                        req.mtime(),
                        req.registry())
                .forEach(s -> listener.info("SBOM referrer " + s));
        if (signing != null) {
            signing.sign(req.targets(), result.digest(), req.registry()).forEach(s -> listener.info("signed " + s));
        }
        if (req.digestFile() != null) {
            write(req.digestFile(), result.digest() + "\n");
        }
        for (Map.Entry<Platform, Path> e : result.locks().entrySet()) {
            LockFile lock = result.images().stream()
                    .filter(i -> i.platform().equals(e.getKey()))
                    .findFirst()
                    .orElseThrow()
                    .lock();
            write(e.getValue(), new String(lock.content(), StandardCharsets.UTF_8));
            listener.info("lock for " + e.getKey().subdir() + " written to " + e.getValue());
        }
        return result;
    }

    /**
     * {@code build --test}: write the local targets, run the tests in the image, and only then push to the
     * registry targets, so a failing test pushes nothing.
     */
    private BuildResult testedBuild(BuildRequest req) throws CondockException {
        List<ImageTarget> local = req.targets().stream()
                .filter(t -> !(t instanceof RegistryTarget))
                .toList();
        List<ImageTarget> remote =
                req.targets().stream().filter(t -> t instanceof RegistryTarget).toList();
        try (Workers workers = Workers.of(req.threads())) {
            // the lock is written for every target, pushed ones included (local may be empty)
            BuildResult built = buildInto(req, local, workers, true);
            try {
                TestRun.run(req, built, listener);
            } catch (CondockException e) {
                if (remote.isEmpty()) {
                    throw e;
                }
                throw new CondockException(
                        e.exitCode(),
                        e.getMessage() + "\nnothing pushed to "
                                + String.join(
                                        ", ",
                                        remote.stream()
                                                .map(ImageTarget::toString)
                                                .toList()),
                        e);
            }
            if (remote.isEmpty()) {
                return built;
            }
            Collecting pushing = new Collecting(listener);
            if (built.index() != null) {
                ImageOutputs.writeIndex(built.index(), remote, pushing, req.registry(), workers);
            } else {
                ImageOutputs.writeAll(built.image(), remote, pushing, req.registry(), workers);
            }
            List<PushResult> pushes = new ArrayList<>(built.pushes());
            pushes.addAll(pushing.pushes);
            return new BuildResult(
                    built.digest(), built.size(), req.targets(), built.images(), built.index(), built.locks(), pushes);
        }
    }

    /** Builds the image(s) into the cache only, writing no target and no lock file ({@code diff}). */
    public BuildResult image(BuildRequest req) throws CondockException {
        return buildInto(req, List.of());
    }

    private BuildResult buildInto(BuildRequest req, List<ImageTarget> targets) throws CondockException {
        sweep(req);
        try (Workers workers = Workers.of(req.threads())) {
            return buildInto(req, targets, workers, !targets.isEmpty());
        }
    }

    /** {@code writesLocks}: the build has targets (a tested build's local ones may be none: it pushes later). */
    private BuildResult buildInto(BuildRequest req, List<ImageTarget> targets, Workers workers, boolean writesLocks)
            throws CondockException {
        Collecting collecting = new Collecting(listener);
        ImageBuilder builder = new ImageBuilder(req, collecting, workers);
        boolean multi = req.platforms().size() > 1;
        List<BuildResult.PlatformImage> images = new ArrayList<>();
        Map<Platform, Path> locks = new LinkedHashMap<>();
        for (Platform p : req.platforms()) {
            if (multi) {
                listener.info("platform " + p.subdir() + " (" + p.os() + "/" + p.architecture() + ")");
            }
            PlatformInputs in = inputs(req, p, workers);
            // several platforms: no targets per platform, only the index is tagged once all its images exist
            images.add(builder.build(in, multi ? List.of() : targets));
            if (in.solved() && writesLocks) {
                locks.put(p, req.lockOutFor(p, req.platforms().size()));
            }
        }
        if (!multi) {
            BuildResult.PlatformImage only = images.get(0);
            return new BuildResult(
                    only.image().manifest().digest(),
                    only.image().manifest().size(),
                    targets,
                    images,
                    null,
                    locks,
                    collecting.pushes);
        }
        List<ImageIndex.PlatformImage> entries = new ArrayList<>();
        images.forEach(i -> entries.add(new ImageIndex.PlatformImage(i.platform(), i.image())));
        Map<String, String> ann = new LinkedHashMap<>();
        ann.put(
                "org.opencontainers.image.created",
                Instant.ofEpochSecond(req.mtime()).toString());
        ImageIndex index = ImageIndex.assemble(entries, ann);
        ImageOutputs.writeIndex(index, targets, collecting, req.registry(), workers);
        listener.info("index " + index.descriptor().digest());
        return new BuildResult(
                index.descriptor().digest(),
                index.descriptor().size(),
                targets,
                images,
                index,
                locks,
                collecting.pushes);
    }

    /** Removes what killed runs left in the cache (their temp files and directories). */
    private void sweep(BuildRequest req) {
        dev.condock.cache.CacheSweeper.Swept s = dev.condock.cache.CacheSweeper.sweep(req.cacheRoot());
        if (s.entries() > 0) {
            listener.info(
                    "cache: removed " + s.entries() + " leftover(s) of killed runs (" + (s.bytes() >> 10) + " KiB)");
        }
    }

    /** The layers a build of each platform would make, with their cache keys; writes no image. */
    public Map<Platform, BuildPlan> plan(BuildRequest req) throws CondockException {
        Map<Platform, BuildPlan> out = new LinkedHashMap<>();
        try (Workers workers = Workers.of(req.threads())) {
            ImageBuilder builder = new ImageBuilder(req, listener, workers);
            for (Platform p : req.platforms()) {
                out.put(p, builder.plan(inputs(req, p, workers)));
            }
        }
        return out;
    }

    /**
     * Solves the request's environment for every platform at once (one content hash per platform), with the
     * virtual packages each target offers, and writes conda-lock.yml and/or @EXPLICIT files.
     *
     * @param condaLock conda-lock.yml to write, or null
     * @param explicit  @EXPLICIT file to write (several platforms: one per platform, FILE.<platform>), or null
     */
    public Resolution lock(BuildRequest req, Path condaLock, Path explicit) throws CondockException {
        if (!(req.source() instanceof BuildRequest.FromEnvironment env)) {
            throw CondockException.user("lock needs an environment.yml to solve");
        }
        Map<Platform, VirtualPackages> targets = new LinkedHashMap<>();
        for (Platform p : req.platforms()) {
            BaseContents contents = BaseSetup.inspect(req, BaseImage.load(req.base(), p, req.registry()));
            targets.put(p, req.virtualPackagesFor(p, contents.glibc(), contents.cuda()));
        }
        ResolveOptions opts = new ResolveOptions(
                targets,
                req.solve().excludeNewerMillis(),
                req.solve().strictPriority(),
                req.solve().condarc(),
                req.cacheRoot(),
                req.solve().keepMirrorUrls());
        Resolution r = Resolver.resolve(env.spec(), opts, listener::downloads);
        r.warnings().forEach(listener::warn);
        Map<String, List<dev.condock.lock.LockedWheel>> pip = new LinkedHashMap<>();
        try (Workers workers = Workers.of(req.threads())) {
            for (Platform p : req.platforms()) {
                pip.put(
                        p.subdir(),
                        dev.condock.wheel.PipLocking.resolve(
                                env.spec().pip(),
                                env.file(),
                                r.packages(p).stream().map(s -> s.record()).toList(),
                                p,
                                targets.get(p),
                                req.cacheRoot(),
                                workers,
                                req.solve().pipIndex(),
                                listener::warn));
            }
        }
        if (condaLock != null) {
            write(
                    condaLock,
                    LockWriter.condaLockYaml(
                            r, List.of(env.file().getFileName().toString()), pip, LockInputs.of(env.spec())));
        }
        if (explicit != null) {
            for (Platform p : req.platforms()) {
                write(
                        BuildRequest.perPlatform(explicit, p, req.platforms().size()),
                        LockWriter.explicit(r, p, pip.get(p.subdir()), LockInputs.of(env.spec())));
            }
        }
        return r;
    }

    /** One platform's inputs, each decided once: base (read once), what it holds, virtual packages, lock. */
    private PlatformInputs inputs(BuildRequest req, Platform p, Workers workers) throws CondockException {
        LockFile lock = null;
        if (req.source() instanceof BuildRequest.NoEnvironment) {
            // no packages: the base is carried as it is, never scanned; no lock, no solve
            return new PlatformInputs(
                    p,
                    BaseImage.load(req.base(), p, req.registry()),
                    null,
                    VirtualPackages.defaults(p),
                    new LockFile(
                            "(no environment)",
                            p,
                            List.of(),
                            dev.condock.util.Hashing.sha256Hex(new byte[0]),
                            new byte[0]),
                    false);
        }
        if (req.source() instanceof BuildRequest.FromLock l) {
            // the lock first: a missing or malformed lock is the user's first error, before any network
            lock = LockReader.read(l.pathFor(p), p);
        }
        // then the base: a wrong or unreachable base fails before any package download
        BaseImage base = BaseImage.load(req.base(), p, req.registry());
        BaseContents contents = BaseSetup.inspect(req, base);
        VirtualPackages vp = req.virtualPackagesFor(p, contents.glibc(), contents.cuda());
        Resolution solve = null;
        if (req.source() instanceof BuildRequest.FromEnvironment env) {
            solve = Solving.resolve(env, req, p, contents, vp, listener);
            lock = Solving.lock(env, req, p, vp, solve, listener, workers);
        }
        return new PlatformInputs(p, base, contents, vp, lock, solve != null, solve);
    }

    private static void write(Path file, String content) throws CondockException {
        try {
            AtomicFiles.write(file, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw CondockException.environment("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Passes everything on and keeps the push results for the result value. */
    private static final class Collecting implements BuildListener {
        private final BuildListener delegate;
        final List<PushResult> pushes = Collections.synchronizedList(new ArrayList<>());

        Collecting(BuildListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void info(String message) {
            delegate.info(message);
        }

        @Override
        public void warn(String message) {
            delegate.warn(message);
        }

        @Override
        public PushListener pushListener() {
            return delegate.pushListener();
        }

        @Override
        public void pushed(PushResult result) {
            pushes.add(result);
            delegate.pushed(result);
        }

        @Override
        public void layer(String name, String digest, boolean cached) {
            delegate.layer(name, digest, cached);
        }

        @Override
        public void downloads(dev.condock.fetch.DownloadProgress.Snapshot progress) {
            delegate.downloads(progress);
        }
    }
}

package dev.condock.pipeline;

import dev.condock.app.AppLayer;
import dev.condock.base.BaseInspector;
import dev.condock.base.Whiteouts;
import dev.condock.fetch.FetchedPackage;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.Manifests;
import dev.condock.install.EnvironmentInstaller;
import dev.condock.install.InstallOptions;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.PackageToInstall;
import dev.condock.layer.GroupingPlanner;
import dev.condock.layer.LayerCache;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.PlannedLayer;
import dev.condock.layer.PlannerOptions;
import dev.condock.layer.Prefetch;
import dev.condock.layer.WrittenLayer;
import dev.condock.lock.LockFile;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.provenance.ProvenanceRecord;
import dev.condock.provenance.RecordLayer;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;
import dev.condock.wheel.PipInstall;
import dev.condock.wheel.PipLayers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * One platform's image, top to bottom: fetch → install → plan → write layers → config + manifest → targets. Its
 * inputs (base, virtual packages, lock) are decided once by {@link Condock}; the build cache short-cuts an
 * unchanged build.
 */
final class ImageBuilder {

    private final BuildRequest req;
    private final BuildListener listener;
    /** The build's one set of worker threads (--threads): fetch, install, layers and their compression. */
    private final Workers workers;

    ImageBuilder(BuildRequest req, BuildListener listener, Workers workers) {
        this.req = req;
        this.listener = listener;
        this.workers = workers;
    }

    /** The planner for a base image of n layers (the layer budget counts the base's). */
    private LayerPlanner planner(int baseLayers) throws CondockException {
        if (req.planner() != null) {
            return req.planner();
        }
        PlannerOptions o = req.layers().withBaseLayers(baseLayers);
        o.checkBudget();
        return new GroupingPlanner(o);
    }

    /** What identifies the plan in the build cache; null (no build cache) for a planner given as an object. */
    private String plannerId() {
        return req.planner() != null ? null : "grouping " + req.layers();
    }

    /** The plan a build would write, with each layer's cache key; writes no image. */
    BuildPlan plan(PlatformInputs in) throws CondockException {
        if (req.source() instanceof BuildRequest.NoEnvironment) {
            return new BuildPlan(List.of(), List.of(), in.base().layers().size());
        }
        Path work = null;
        try {
            work = AtomicFiles.tempDir(req.cacheRoot().resolve("tmp"), "plan");
            Prepared p = prepare(in, work);
            Prefetch.requireFound(req.prefetch(), p.plan(), req.prefix()); // plan fails where build would
            List<PlannedLayer> layers = new ArrayList<>(p.plan());
            List<String> keys = new ArrayList<>();
            for (PlannedLayer pl : p.plan()) {
                keys.add(layerKey(pl, p.python(), p.whiteouts(), p.streamed()));
            }
            // the layers a build adds above the packages, as it adds them: the record, then the app files (named by
            // what decides their bytes; plan writes no layer)
            layers.add(new PlannedLayer(
                    ProvenanceRecord.LAYER_NAME, List.of(), List.of(), "build record: environment, spec, lock, SBOM"));
            keys.add(recordKey(Records.of(req, in)));
            if (!req.appFiles().isEmpty()) {
                List<LayerEntry> appEntries = dev.condock.app.AppFiles.entries(req.appFiles());
                layers.add(new PlannedLayer(
                        AppLayer.NAME, List.of(), List.of(), "app files (" + appEntries.size() + " entries)"));
                keys.add(appKey(appEntries));
            }
            return new BuildPlan(
                    layers, keys, in.base().layers().size(), p.setup().fromBaseDists());
        } catch (IOException e) {
            throw CondockException.environment("plan failed: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /**
     * What a build writes from: on the streamed route ({@code streamed} non-null) nothing is installed yet and a
     * package layer's entries are its metadata; else (today's route) {@code env} is the installed environment.
     */
    private record Prepared(
            PythonAbi python,
            BaseSetup setup,
            List<PlannedLayer> plan,
            Map<String, List<String>> whiteouts,
            StreamedLayers streamed,
            List<String> warnings,
            long created) {}

    /** fetch → install → plan: everything up to the layer bytes. */
    private Prepared prepare(PlatformInputs in, Path work) throws CondockException, IOException {
        BaseSetup setup = BaseSetup.prepare(req, in, listener);
        LockFile lock = in.lock();
        // packages the base already holds (same dist, same prefix) are neither fetched nor installed again
        List<FetchedPackage> fetched = new PackageFetcher(req.cacheRoot(), workers, ChannelSetup.access(req))
                .warnTo(listener::warn)
                .fetchAll(setup.delta().install(), listener::downloads);
        PackageFetcher.unpinned(setup.delta().install(), fetched).forEach(listener::warn);
        PythonAbi python = PythonAbi.find(lock.packages());
        if (python == null) {
            python = setup.basePython();
        }
        if (StreamedLayers.applies(req, lock, fetched)) { // plan from metadata; install per layer, when written
            Path staging = work.resolve("staging");
            InstalledEnvironment top =
                    CondaState.with(withLockCopy(StreamedLayers.environment(fetched, staging), lock, work), req, work);
            StreamedLayers streamed = StreamedLayers.prepare(
                    req, fetched, python, planner(in.base().layers().size()), staging, top.environmentFiles(), workers);
            return new Prepared(
                    python,
                    setup,
                    streamed.plan().layers(),
                    Whiteouts.of(setup.delta(), streamed.plan().writtenPaths()),
                    streamed,
                    streamed.plan().warnings(),
                    CreatedTime.of(req, streamed.plan().packages()));
        }
        InstallOptions opts = new InstallOptions(
                req.prefix(), python, work.resolve("staging"), InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
        List<PackageToInstall> toInstall = fetched.stream()
                .map(f -> new PackageToInstall(f.record(), f.archive(), null))
                .toList();
        InstalledEnvironment env = new EnvironmentInstaller().install(toInstall, opts, workers);
        // the lock's pip wheels, on top of the conda packages (issue 10): fetched and installed, never resolved
        PipInstall.Result pip = PipInstall.install(
                lock.pip(),
                env,
                python,
                req.prefix(),
                opts.stagingDir(),
                new PackageFetcher(req.cacheRoot(), workers, PipAccess.of(req)),
                workers);
        env = CondaState.with(withLockCopy(env, lock, work), req, work);
        if (!pip.warnings().isEmpty()) {
            List<String> w = new ArrayList<>(env.warnings());
            w.addAll(pip.warnings());
            env = new InstalledEnvironment(env.packages(), env.environmentFiles(), w);
        }
        LayerPlanner planner = planner(in.base().layers().size());
        Set<String> writtenPaths = new HashSet<>();
        env.packages().forEach(p -> p.entries().forEach(e -> writtenPaths.add(e.path())));
        pip.wheels().forEach(p -> p.entries().forEach(e -> writtenPaths.add(e.path())));
        List<PlannedLayer> plan = PipLayers.plan(
                planner.plan(env),
                pip.wheels(),
                lock.pip(),
                req.layers().withBaseLayers(in.base().layers().size()));
        return new Prepared(
                python,
                setup,
                plan,
                Whiteouts.of(setup.delta(), writtenPaths),
                null,
                env.warnings(),
                CreatedTime.of(req, env));
    }

    /** Builds the image and writes it to {@code targets} (none: the image is only built into the cache). */
    BuildResult.PlatformImage build(PlatformInputs in, List<ImageTarget> targets) throws CondockException {
        // the app layer first: its diff_id is part of the build cache key (a code edit must not hit the cache)
        AppLayer app = req.appFiles().isEmpty()
                ? null
                : AppLayer.write(
                        req.appFiles(),
                        req.compression(),
                        req.mtime(),
                        workers,
                        req.cacheRoot().resolve("blobs").resolve("sha256"));
        if (req.source() instanceof BuildRequest.NoEnvironment) {
            return AppOnlyImage.build(req, in, app, targets, listener, workers);
        }
        LockFile lock = in.lock();
        listener.info("lock " + lock.source() + ": " + lock.packages().size() + " packages for "
                + in.platform().subdir());
        BuildCache buildCache = new BuildCache(req.cacheRoot(), listener::warn);
        ProvenanceRecord record = Records.of(req, in);
        String buildKey = BuildCache.key(req, in, plannerId());
        if (buildKey != null && app != null) {
            buildKey = Hashing.sha256Hex(
                    (buildKey + "\0app\0" + app.written().diffId()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (buildKey != null) { // the record's files (spec, environment, SBOM, git) decide the top layer too
            buildKey = Hashing.sha256Hex((buildKey + "\0" + record.key()).getBytes(StandardCharsets.UTF_8));
        }
        var hit = buildCache.get(buildKey, in.base());
        if (hit.isPresent()) {
            listener.info("unchanged since the last build of this lock: every layer cached");
            hit.get().warnings().forEach(listener::warn);
            ImageOutputs.writeAll(hit.get().image(), targets, listener, req.registry(), workers);
            listener.info("image " + hit.get().image().manifest().digest());
            return new BuildResult.PlatformImage(
                    in.platform(),
                    hit.get().image(),
                    in.virtualPackages(),
                    PythonAbi.find(lock.packages()),
                    lock,
                    BuildCache.layerReports(hit.get().image()),
                    hit.get().warnings(),
                    true);
        }
        Path work = null;
        try {
            work = AtomicFiles.tempDir(req.cacheRoot().resolve("tmp"), "build");
            Prepared prepared = prepare(in, work);
            BaseSetup setup = prepared.setup();
            BaseImage base = in.base();
            PythonAbi python = prepared.python();
            List<String> warnings = new ArrayList<>(prepared.warnings());
            ShellCheck.warning(req).ifPresent(warnings::add);
            warnings.forEach(listener::warn);
            List<PlannedLayer> plan = prepared.plan();
            Prefetch.requireFound(req.prefetch(), plan, req.prefix());
            List<BuildResult.LayerReport> reports = new ArrayList<>();
            List<WrittenLayer> written =
                    writeLayers(plan, python, prepared.whiteouts(), prepared.streamed(), work, reports);

            List<ImageBlobs.Layer> layers = new ArrayList<>(base.layers());
            List<ConfigBuilder.AddedLayer> added = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                PlannedLayer pl = plan.get(i);
                WrittenLayer wl = written.get(i);
                String dists = pl.packages().stream().map(PackageRecord::dist).collect(Collectors.joining(" "));
                Map<String, String> ann = new TreeMap<>(wl.descriptor().annotations()); // eStargz: TOC digest, size
                ann.put(Labels.ANNOTATION_PACKAGES, dists);
                ann.put(Labels.ANNOTATION_LAYER, pl.name());
                Descriptor d = new Descriptor(
                        wl.descriptor().mediaType(),
                        wl.descriptor().digest(),
                        wl.descriptor().size(),
                        ann);
                // written now, or a layer cache hit whose blob the lookup checked (stamp or hash) moments ago
                layers.add(new ImageBlobs.Layer(d, new dev.condock.image.VerifiedBlob(wl.blob()), null));
                added.add(new ConfigBuilder.AddedLayer(
                        wl.diffId(),
                        "condock: " + (pl.packages().isEmpty() ? pl.reason() : "install " + dists),
                        pl.reason()));
            }
            // the record above the environment (below the app layer, which a code edit alone changes): environment,
            // spec, lock and SBOM, found again by its annotation (export)
            boolean[] recCached = new boolean[1];
            WrittenLayer rec = recordLayer(record, work, recCached);
            reports.add(new BuildResult.LayerReport(
                    ProvenanceRecord.LAYER_NAME,
                    rec.descriptor().digest(),
                    rec.descriptor().size(),
                    recCached[0]));
            Path recBlob = rec.blob();
            layers.add(new ImageBlobs.Layer(
                    new Descriptor(
                            rec.descriptor().mediaType(),
                            rec.descriptor().digest(),
                            rec.descriptor().size(),
                            withAnnotation(rec.descriptor(), Labels.ANNOTATION_LAYER, ProvenanceRecord.LAYER_NAME)),
                    () -> Files.newInputStream(recBlob),
                    null));
            added.add(new ConfigBuilder.AddedLayer(rec.diffId(), "condock: build record", "record"));
            if (app != null) { // above the environment: a code edit changes only this layer
                layers.add(app.imageLayer(Labels.ANNOTATION_LAYER));
                added.add(app.history());
                reports.add(new BuildResult.LayerReport(
                        AppLayer.NAME,
                        app.written().descriptor().digest(),
                        app.written().descriptor().size(),
                        false));
                listener.layer(AppLayer.NAME, app.written().descriptor().digest(), false);
            }
            Map<String, String> labels = new TreeMap<>(req.labels());
            labels.putAll(record.labels());
            // the lock as the record holds it (one rendering on every route), not the file's bytes: a solve and its
            // @EXPLICIT and conda-lock.yml files give the same label, so the same image digest
            labels.put(Labels.LABEL_LOCK_SHA256, Hashing.sha256Hex(dev.condock.lock.CanonicalLock.render(lock)));
            labels.put(Labels.LABEL_PREFIX, req.prefix());
            labels.put(Labels.LABEL_PLATFORM, in.platform().subdir());
            labels.put(Labels.LABEL_PACKAGES, setup.allDists(lock.packages()));
            // the very value the solver was given (a build from a lock: what the target offers)
            labels.put(
                    BaseInspector.LABEL_VIRTUAL_PACKAGES, in.virtualPackages().describe());
            String cuda = setup.cuda(lock.packages());
            if (cuda != null) {
                labels.put(Labels.LABEL_CUDA, cuda);
            }
            if (!setup.fromBaseDists().isEmpty()) {
                labels.put(Labels.LABEL_FROM_BASE, setup.fromBaseDists());
            }
            if (python != null) {
                labels.put(Labels.LABEL_PYTHON, python.tag());
            }
            long created = prepared.created();
            byte[] config = req.config()
                    .apply(ConfigBuilder.build(
                            base.configBytes(), in.platform(), req.prefix(), created, added, labels));
            Descriptor configDesc =
                    new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put(
                    "org.opencontainers.image.created",
                    Instant.ofEpochSecond(created).toString());
            annotations.put(
                    "org.opencontainers.image.description",
                    "conda environment at " + req.prefix() + " ("
                            + lock.packages().size() + " packages), built by condock");
            if (base.reference() != null) {
                annotations.put("org.opencontainers.image.base.name", base.reference());
                annotations.put("org.opencontainers.image.base.digest", base.digest());
            }
            annotations.putAll(record.labels());
            ImageBlobs image = Manifests.assemble(configDesc, config, layers, annotations);
            buildCache.put(buildKey, image, warnings);
            ImageOutputs.writeAll(image, targets, listener, req.registry(), workers);
            listener.info("image " + image.manifest().digest());
            return new BuildResult.PlatformImage(
                    in.platform(), image, in.virtualPackages(), python, lock, reports, warnings, false);
        } catch (IOException e) {
            throw CondockException.environment("build failed: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /** The record layer, from the layer cache when the same record was written before. */
    /** What decides the app layer's bytes: each entry's metadata and content hash (plan writes no blob). */
    private String appKey(List<LayerEntry> entries) throws IOException {
        StringBuilder sb =
                new StringBuilder("app\0" + req.compression() + "\0" + req.mtime() + "\0" + LayerWriter.FORMAT_VERSION);
        for (LayerEntry e : entries) {
            sb.append('\0')
                    .append(e.path())
                    .append(' ')
                    .append(e.kind())
                    .append(' ')
                    .append(e.mode())
                    .append(' ')
                    .append(e.uid())
                    .append(':')
                    .append(e.gid())
                    .append(' ')
                    .append(e.linkTarget());
            if (e.content() != null) {
                sb.append(' ').append(Hashing.sha256Hex(e.content()));
            }
        }
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The record layer's cache key: everything that decides its bytes. */
    private String recordKey(ProvenanceRecord record) {
        return Hashing.sha256Hex(("record\0" + record.key() + "\0" + req.prefix() + "\0" + req.compression() + "\0"
                        + req.mtime() + "\0" + LayerWriter.FORMAT_VERSION)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The record layer, from the layer cache when it has it ({@code cached[0]} says which). */
    private WrittenLayer recordLayer(ProvenanceRecord record, Path work, boolean[] cached) throws IOException {
        String key = recordKey(record);
        LayerCache cache = new LayerCache(req.cacheRoot(), listener::warn);
        var hit = cache.get(key);
        if (hit.isPresent()) {
            listener.layer(ProvenanceRecord.LAYER_NAME, hit.get().descriptor().digest(), true);
            cached[0] = true;
            return hit.get();
        }
        WrittenLayer w = RecordLayer.write(
                record,
                req.prefix(),
                req.compression(),
                req.mtime(),
                workers,
                work.resolve("record"),
                ensure(req.cacheRoot().resolve("blobs").resolve("sha256")));
        cache.put(key, w);
        listener.layer(ProvenanceRecord.LAYER_NAME, w.descriptor().digest(), false);
        return w;
    }

    /** The lock's own bytes go into the top layer: the image carries the exact package set it holds. */
    private static InstalledEnvironment withLockCopy(InstalledEnvironment env, LockFile lock, Path work)
            throws IOException {
        Path copy = work.resolve("condock-lock");
        // the record's rendering, not the file as given: the same on every route (the same layer bytes)
        byte[] text = dev.condock.lock.CanonicalLock.render(lock);
        Files.write(copy, text);
        List<TreeEntry> files = new ArrayList<>(env.environmentFiles());
        files.add(TreeEntry.file("conda-meta/condock.lock", 0644, copy, text.length));
        files.sort(Comparator.comparing(TreeEntry::path));
        return new InstalledEnvironment(env.packages(), files, env.warnings());
    }

    /**
     * Writes each layer not in the layer cache (in parallel); a cached one is neither tarred nor compressed. On the
     * streamed route a missing layer's packages are installed just before it is written ({@link
     * StreamedLayers#passes}: big layers one at a time, the rest two at a time) and their staging deleted after
     * (their warnings were known from metadata).
     */
    private List<WrittenLayer> writeLayers(
            List<PlannedLayer> plan,
            PythonAbi python,
            Map<String, List<String>> whiteouts,
            StreamedLayers streamed,
            Path work,
            List<BuildResult.LayerReport> reports)
            throws CondockException, IOException {
        Path blobDir = ensure(req.cacheRoot().resolve("blobs").resolve("sha256"));
        LayerWriter writer = new LayerWriter(req.compression(), req.mtime(), workers, req.prefetch());
        LayerCache cache = new LayerCache(req.cacheRoot(), listener::warn);
        List<String> keys = new ArrayList<>();
        for (PlannedLayer pl : plan) {
            keys.add(layerKey(pl, python, whiteouts, streamed));
        }
        boolean[] fromCache = new boolean[plan.size()];
        Workers.Task<Integer, WrittenLayer> one = i -> {
            PlannedLayer pl = plan.get(i);
            var hit = cache.get(keys.get(i));
            if (hit.isPresent()) {
                fromCache[i] = true;
                listener.layer(pl.name(), hit.get().descriptor().digest(), true);
                return hit.get();
            }
            Path staging = streamed == null || pl.packages().isEmpty() ? null : work.resolve("layer-" + i);
            try {
                if (staging != null) {
                    pl = streamed.install(pl, staging, workers);
                }
                List<LayerEntry> entries = new ArrayList<>();
                for (String gone : whiteoutsOf(pl, whiteouts)) {
                    entries.add(LayerEntry.whiteout(req.prefix() + "/" + gone));
                }
                pl.entries().forEach(e -> entries.add(LayerEntry.at(req.prefix(), e)));
                WrittenLayer w = writer.write(entries, blobDir);
                cache.put(keys.get(i), w);
                listener.layer(pl.name(), w.descriptor().digest(), false);
                return w;
            } catch (IOException e) {
                throw CondockException.environment("cannot write layer " + pl.name() + ": " + e.getMessage(), e);
            } finally {
                FileTrees.deleteQuietly(staging); // the layer is in the blob store: its files are done
            }
        };
        List<WrittenLayer> out;
        if (streamed == null) {
            out = workers.map(IntStream.range(0, plan.size()).boxed().toList(), one);
        } else { // temp disk bounded: big layers one at a time, then the rest two at a time
            WrittenLayer[] byIndex = new WrittenLayer[plan.size()];
            for (StreamedLayers.Pass pass : streamed.passes(plan)) {
                List<WrittenLayer> done = workers.map(pass.layers(), pass.inFlight(), one);
                for (int k = 0; k < done.size(); k++) {
                    byIndex[pass.layers().get(k)] = done.get(k);
                }
            }
            out = List.of(byIndex);
        }
        for (int i = 0; i < plan.size(); i++) {
            WrittenLayer w = out.get(i);
            reports.add(new BuildResult.LayerReport(
                    plan.get(i).name(), w.descriptor().digest(), w.descriptor().size(), fromCache[i]));
        }
        return out;
    }

    /** A replaced base package's leftover files are whited out in the layer that holds its new version. */
    private static List<String> whiteoutsOf(PlannedLayer pl, Map<String, List<String>> whiteouts) {
        List<String> out = new ArrayList<>();
        for (PackageRecord r : pl.packages()) {
            out.addAll(whiteouts.getOrDefault(r.dist(), List.of()));
        }
        return out;
    }

    /** The layer cache key; whiteouts change the layer's bytes, so they are part of it. */
    private String layerKey(
            PlannedLayer pl, PythonAbi python, Map<String, List<String>> whiteouts, StreamedLayers streamed)
            throws IOException {
        // streamed: a package layer's key from its inputs (nothing installed); the top layer's files are hashed
        String key = streamed == null ? null : streamed.key(pl, python);
        if (key == null) {
            key = LayerCache.key(
                    pl, req.prefix(), python == null ? null : python.tag(), req.compression(), req.mtime());
        }
        key = Prefetch.layerKey(key, Prefetch.inLayer(req.prefetch(), pl, req.prefix()));
        List<String> w = whiteoutsOf(pl, whiteouts);
        return w.isEmpty()
                ? key
                : Hashing.sha256Hex((key + "\0whiteouts\0" + String.join("\0", w))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** The writer's annotations (eStargz's) plus one of ours. */
    private static Map<String, String> withAnnotation(Descriptor d, String key, String value) {
        Map<String, String> ann = new TreeMap<>(d.annotations());
        ann.put(key, value);
        return ann;
    }

    private static Path ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir;
    }
}

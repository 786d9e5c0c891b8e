package dev.condock.pipeline;

import dev.condock.base.BaseInspector;
import dev.condock.base.VirtualPackages;
import dev.condock.base.Whiteouts;
import dev.condock.fetch.FetchedPackage;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
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
import dev.condock.layer.WrittenLayer;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockReader;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** The build, top to bottom: lock → fetch → install → plan → write layers → config + manifest → targets. */
public final class ImageBuilder {
    public static final String LABEL_LOCK_SHA256 = "dev.condock.lock.sha256";
    public static final String LABEL_PACKAGES = "dev.condock.packages";
    public static final String LABEL_PREFIX = "dev.condock.prefix";
    public static final String LABEL_PLATFORM = "dev.condock.platform";
    public static final String LABEL_PYTHON = "dev.condock.python";
    /** The dists the image takes unchanged from its base (space separated). */
    public static final String LABEL_FROM_BASE = "dev.condock.from-base";
    /** The CUDA version the image is for (its cuda-version package, else the __cuda it was built for). */
    public static final String LABEL_CUDA = "dev.condock.cuda";
    /** On each layer descriptor: the dists whose files the layer holds, space separated. */
    public static final String ANNOTATION_PACKAGES = "dev.condock.packages";
    /** On each layer descriptor: the plan's name for the layer ("pytorch", "group-07"), which diff matches on. */
    public static final String ANNOTATION_LAYER = "dev.condock.layer";

    /** The planner for a base image of n layers (the layer budget counts the base's). */
    private final IntFunction<LayerPlanner> plannerForBase;
    /** What identifies the plan in the build cache; null (no build cache) for a planner given as an object. */
    private final String plannerId;
    private final BuildListener listener;

    public ImageBuilder(LayerPlanner planner, BuildListener listener) {
        this.plannerForBase = n -> planner;
        this.plannerId = null;
        this.listener = listener;
    }

    public ImageBuilder(PlannerOptions options, BuildListener listener) {
        this.plannerForBase = n -> new GroupingPlanner(options.withBaseLayers(n));
        this.plannerId = "grouping " + options;
        this.listener = listener;
    }

    public ImageBuilder(BuildListener listener) {
        this(PlannerOptions.defaults(), listener);
    }

    /** The plan a build of {@code req} would write, with each layer's cache key; writes no image. */
    public BuildPlan plan(BuildRequest req) throws CondockException {
        Path work = null;
        try (Workers workers = Workers.of(req.threads())) {
            LockFile lock = LockReader.read(req.lockFile(), req.platform().subdir());
            work = Files.createTempDirectory(ensure(req.cacheRoot().resolve("tmp")), "plan-");
            BaseImage base = BaseImage.load(req.base(), req.platform(), req.registry());
            Prepared p = prepare(req, lock, work, BaseSetup.prepare(req, lock, base, listener), workers);
            List<String> keys = new ArrayList<>();
            for (PlannedLayer pl : p.plan()) {
                keys.add(layerKey(pl, req, p.python(), p.whiteouts()));
            }
            return new BuildPlan(p.plan(), keys, p.base().layers().size(), p.setup().fromBaseDists());
        } catch (IOException e) {
            throw CondockException.environment("plan failed: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    private record Prepared(InstalledEnvironment env, String python, BaseSetup setup, List<PlannedLayer> plan,
                            Map<String, List<String>> whiteouts) {
        BaseImage base() {
            return setup.image();
        }
    }

    /** fetch → install → load base → plan: everything up to the layer bytes. */
    private Prepared prepare(BuildRequest req, LockFile lock, Path work, BaseSetup setup, Workers workers)
            throws CondockException, IOException {
        BaseImage base = setup.image();
        // packages the base already holds (same dist, same prefix) are neither fetched nor installed again
        List<FetchedPackage> fetched = new PackageFetcher(req.cacheRoot(), workers)
                .fetchAll(setup.delta().install());
        String python = pythonVersion(lock.packages());
        if (python == null) {
            python = setup.basePython();
        }
        InstallOptions opts = new InstallOptions(req.prefix(), python, work.resolve("staging"),
                InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
        List<PackageToInstall> toInstall = fetched.stream()
                .map(f -> new PackageToInstall(f.record(), f.archive(), null)).toList();
        InstalledEnvironment env = new EnvironmentInstaller().install(toInstall, opts, workers);
        env = withLockCopy(env, lock, work);
        LayerPlanner planner = plannerForBase.apply(base.layers().size());
        if (planner instanceof GroupingPlanner g) {
            g.options().checkBudget();
        }
        Set<String> writtenPaths = new HashSet<>();
        env.packages().forEach(p -> p.entries().forEach(e -> writtenPaths.add(e.path())));
        return new Prepared(env, python, setup, planner.plan(env), Whiteouts.of(setup.delta(), writtenPaths));
    }

    public BuildResult build(BuildRequest req) throws CondockException {
        LockFile lock = LockReader.read(req.lockFile(), req.platform().subdir());
        // The base first: a wrong or unreachable base fails before any download.
        BaseImage base = BaseImage.load(req.base(), req.platform(), req.registry());
        listener.info("lock " + req.lockFile() + ": " + lock.packages().size() + " packages for "
                + req.platform().subdir());
        BuildCache buildCache = new BuildCache(req.cacheRoot());
        String buildKey = BuildCache.key(req, lock, plannerId);
        var hit = buildCache.get(buildKey);
        if (hit.isPresent()) {
            listener.info("unchanged since the last build of this lock: every layer cached");
            hit.get().warnings().forEach(listener::warn);
            ImageOutputs.writeAll(hit.get().image(), req.targets(), listener, req.registry());
            listener.info("image " + hit.get().image().manifest().digest());
            return new BuildResult(hit.get().image(), hit.get().warnings());
        }
        Path work = null;
        // the one set of threads of this build: every parallel stage runs on it, so --threads bounds them all
        try (Workers workers = Workers.of(req.threads())) {
            work = Files.createTempDirectory(ensure(req.cacheRoot().resolve("tmp")), "build-");
            Prepared prepared = prepare(req, lock, work, BaseSetup.prepare(req, lock, base, listener), workers);
            BaseSetup setup = prepared.setup();
            String python = prepared.python();
            List<String> warnings = new ArrayList<>(prepared.env().warnings());
            warnings.forEach(listener::warn);
            List<PlannedLayer> plan = prepared.plan();
            List<WrittenLayer> written = writeLayers(plan, req, python, prepared.whiteouts(), workers);

            List<ImageBlobs.Layer> layers = new ArrayList<>(base.layers());
            List<ConfigBuilder.AddedLayer> added = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                PlannedLayer pl = plan.get(i);
                WrittenLayer wl = written.get(i);
                String dists = pl.packages().stream().map(PackageRecord::dist).collect(Collectors.joining(" "));
                Map<String, String> ann = new TreeMap<>();
                ann.put(ANNOTATION_PACKAGES, dists);
                ann.put(ANNOTATION_LAYER, pl.name());
                Descriptor d = new Descriptor(wl.descriptor().mediaType(), wl.descriptor().digest(),
                        wl.descriptor().size(), ann);
                Path blob = wl.blob();
                layers.add(new ImageBlobs.Layer(d, () -> Files.newInputStream(blob), null));
                added.add(new ConfigBuilder.AddedLayer(wl.diffId(),
                        "condock: " + (pl.packages().isEmpty() ? pl.reason() : "install " + dists), pl.reason()));
            }
            Map<String, String> labels = new TreeMap<>(req.labels());
            labels.put(LABEL_LOCK_SHA256, lock.sha256());
            labels.put(LABEL_PREFIX, req.prefix());
            labels.put(LABEL_PLATFORM, req.platform().subdir());
            labels.put(LABEL_PACKAGES, setup.allDists(lock.packages()));
            labels.put(BaseInspector.LABEL_VIRTUAL_PACKAGES, VirtualPackages.describe(setup.virtualPackages()));
            String cuda = setup.cuda(lock.packages());
            if (cuda != null) {
                labels.put(LABEL_CUDA, cuda);
            }
            if (!setup.fromBaseDists().isEmpty()) {
                labels.put(LABEL_FROM_BASE, setup.fromBaseDists());
            }
            if (python != null) {
                labels.put(LABEL_PYTHON, python);
            }
            byte[] config = req.config().apply(ConfigBuilder.build(base.configBytes(), req.platform(), req.prefix(),
                    req.mtime(), added, labels));
            Descriptor configDesc = new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config),
                    config.length);
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("org.opencontainers.image.created", Instant.ofEpochSecond(req.mtime()).toString());
            annotations.put("org.opencontainers.image.description",
                    "conda environment at " + req.prefix() + " (" + lock.packages().size() + " packages), built by condock");
            if (base.reference() != null) {
                annotations.put("org.opencontainers.image.base.name", base.reference());
                annotations.put("org.opencontainers.image.base.digest", base.digest());
            }
            ImageBlobs image = Manifests.assemble(configDesc, config, layers, annotations);
            buildCache.put(buildKey, image, warnings);
            ImageOutputs.writeAll(image, req.targets(), listener, req.registry());
            listener.info("image " + image.manifest().digest());
            return new BuildResult(image, warnings);
        } catch (IOException e) {
            throw CondockException.environment("build failed: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }

    /** The lock's own bytes go into the top layer: the image carries the exact package set it holds. */
    private static InstalledEnvironment withLockCopy(InstalledEnvironment env, LockFile lock, Path work)
            throws IOException {
        Path copy = work.resolve("condock-lock");
        Files.write(copy, lock.content());
        List<TreeEntry> files = new ArrayList<>(env.environmentFiles());
        files.add(TreeEntry.file("conda-meta/condock.lock", 0644, copy, lock.content().length));
        files.sort(Comparator.comparing(TreeEntry::path));
        return new InstalledEnvironment(env.packages(), files, env.warnings());
    }

    /** Writes each layer not in the layer cache (in parallel); a cached one is neither tarred nor compressed. */
    private List<WrittenLayer> writeLayers(List<PlannedLayer> plan, BuildRequest req, String python,
                                           Map<String, List<String>> whiteouts, Workers workers)
            throws CondockException, IOException {
        Path blobDir = ensure(req.cacheRoot().resolve("blobs").resolve("sha256"));
        LayerWriter writer = new LayerWriter(req.compression(), req.mtime(), workers);
        LayerCache cache = new LayerCache(req.cacheRoot());
        List<String> keys = new ArrayList<>();
        for (PlannedLayer pl : plan) {
            keys.add(layerKey(pl, req, python, whiteouts));
        }
        return workers.map(IntStream.range(0, plan.size()).boxed().toList(), i -> {
            PlannedLayer pl = plan.get(i);
            try {
                var hit = cache.get(keys.get(i));
                if (hit.isPresent()) {
                    listener.layer(pl.name(), hit.get().descriptor().digest(), true);
                    return hit.get();
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
            } catch (Exception e) {
                throw CondockException.environment("cannot write layer " + pl.name() + ": " + e.getMessage(), e);
            }
        });
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
    private static String layerKey(PlannedLayer pl, BuildRequest req, String python,
                                   Map<String, List<String>> whiteouts) throws IOException {
        String key = LayerCache.key(pl, req.prefix(), python, req.compression(), req.mtime());
        List<String> w = whiteoutsOf(pl, whiteouts);
        return w.isEmpty() ? key : Hashing.sha256Hex((key + "\0whiteouts\0" + String.join("\0", w))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String pythonVersion(List<PackageRecord> records) {
        for (PackageRecord r : records) {
            if (r.name().equals("python")) {
                String[] p = r.version().split("\\.");
                return p.length >= 2 ? p[0] + "." + p[1] : r.version();
            }
        }
        return null;
    }

    private static Path ensure(Path dir) throws IOException {
        Files.createDirectories(dir);
        return dir;
    }


}

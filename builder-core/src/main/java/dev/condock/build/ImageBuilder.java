package dev.condock.build;

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
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.PerPackagePlanner;
import dev.condock.layer.PlannedLayer;
import dev.condock.layer.WrittenLayer;
import dev.condock.lock.LockFile;
import dev.condock.lock.LockReader;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;

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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The build, top to bottom: lock → fetch → install → plan → write layers → config + manifest → targets. */
public final class ImageBuilder {
    public static final String LABEL_LOCK_SHA256 = "dev.condock.lock.sha256";
    public static final String LABEL_PACKAGES = "dev.condock.packages";
    public static final String LABEL_PREFIX = "dev.condock.prefix";
    public static final String LABEL_PLATFORM = "dev.condock.platform";
    public static final String LABEL_PYTHON = "dev.condock.python";
    /** The dists the image takes unchanged from its base (space separated). */
    public static final String LABEL_FROM_BASE = "dev.condock.from-base";
    /** On each layer descriptor: the dists whose files the layer holds, space separated. */
    public static final String ANNOTATION_PACKAGES = "dev.condock.packages";

    private final LayerPlanner planner;
    private final BuildListener listener;

    public ImageBuilder(LayerPlanner planner, BuildListener listener) {
        this.planner = planner;
        this.listener = listener;
    }

    public ImageBuilder(BuildListener listener) {
        this(new PerPackagePlanner(), listener);
    }

    public BuildResult build(BuildRequest req) throws CondockException {
        LockFile lock = LockReader.read(req.lockFile(), req.platform().subdir());
        listener.info("lock " + req.lockFile() + ": " + lock.packages().size() + " packages for "
                + req.platform().subdir());
        BaseSetup setup = BaseSetup.prepare(req, lock, listener);
        List<FetchedPackage> fetched = new PackageFetcher(req.cacheRoot(), req.threads())
                .fetchAll(setup.delta().install());
        Path work = null;
        try {
            work = Files.createTempDirectory(ensure(req.cacheRoot().resolve("tmp")), "build-");
            String python = pythonVersion(lock.packages());
            if (python == null) {
                python = setup.basePython();
            }
            InstallOptions opts = new InstallOptions(req.prefix(), python, work.resolve("staging"),
                    InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
            List<PackageToInstall> toInstall = fetched.stream()
                    .map(f -> new PackageToInstall(f.record(), f.archive(), null)).toList();
            InstalledEnvironment env = new EnvironmentInstaller().install(toInstall, opts, req.threads());
            List<String> warnings = new ArrayList<>(env.warnings());
            env.warnings().forEach(listener::warn);
            env = withLockCopy(env, lock, work);

            List<PlannedLayer> plan = planner.plan(env);
            Set<String> writtenPaths = new HashSet<>();
            env.packages().forEach(p -> p.entries().forEach(e -> writtenPaths.add(e.path())));
            Map<String, List<String>> whiteouts = Whiteouts.of(setup.delta(), writtenPaths);
            List<WrittenLayer> written = writeLayers(plan, whiteouts, req, work);

            BaseImage base = setup.image();
            List<ImageBlobs.Layer> layers = new ArrayList<>(base.layers());
            List<ConfigBuilder.AddedLayer> added = new ArrayList<>();
            for (int i = 0; i < plan.size(); i++) {
                PlannedLayer pl = plan.get(i);
                WrittenLayer wl = written.get(i);
                String dists = pl.packages().stream().map(PackageRecord::dist).collect(Collectors.joining(" "));
                Map<String, String> ann = new TreeMap<>();
                ann.put(ANNOTATION_PACKAGES, dists);
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
            ImageOutputs.writeAll(image, req.targets(), listener);
            listener.info("image " + image.manifest().digest());
            return new BuildResult(image, warnings);
        } catch (IOException e) {
            throw CondockException.environment("build failed: " + e.getMessage(), e);
        } finally {
            deleteTree(work);
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

    private List<WrittenLayer> writeLayers(List<PlannedLayer> plan, Map<String, List<String>> whiteouts,
                                           BuildRequest req, Path work)
            throws CondockException, IOException {
        Path blobDir = ensure(req.cacheRoot().resolve("blobs").resolve("sha256"));
        LayerWriter writer = new LayerWriter(req.compression(), req.mtime());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, req.threads()));
        try {
            List<Future<WrittenLayer>> futures = new ArrayList<>();
            for (PlannedLayer pl : plan) {
                List<LayerEntry> entries = new ArrayList<>();
                // a replaced base package's leftover files are whited out in the layer of its new version
                for (PackageRecord r : pl.packages()) {
                    for (String gone : whiteouts.getOrDefault(r.dist(), List.of())) {
                        entries.add(LayerEntry.whiteout(req.prefix() + "/" + gone));
                    }
                }
                pl.entries().forEach(e -> entries.add(LayerEntry.at(req.prefix(), e)));
                futures.add(pool.submit(() -> writer.write(entries, blobDir)));
            }
            List<WrittenLayer> out = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                try {
                    out.add(futures.get(i).get());
                } catch (ExecutionException e) {
                    throw CondockException.environment("cannot write layer " + plan.get(i).name() + ": "
                            + e.getCause().getMessage(), e.getCause());
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CondockException.environment("interrupted while writing layers", e);
        } finally {
            pool.shutdownNow();
        }
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

    static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temp dir: best effort
                }
            });
        } catch (IOException ignored) {
            // temp dir: best effort
        }
    }

    static String json(Object o) {
        return Json.pretty(o);
    }
}

package dev.condock.pipeline;

import dev.condock.app.AppFile;
import dev.condock.drift.DriftCheck;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ConfigOverrides;
import dev.condock.image.ImageTarget;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerPlanner;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.PlannerOptions;
import dev.condock.layer.Prefetch;
import dev.condock.lock.DefaultLocks;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.provenance.FromImage;
import dev.condock.provenance.ProvenanceOptions;
import dev.condock.provenance.SbomFormat;
import dev.condock.registry.RegistryOptions;
import dev.condock.smoke.RunOptions;
import dev.condock.smoke.SmokeTest;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.ImageSpec;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a build (or a plan, a lock, a diff) takes, made by {@link #builder()}: named setters, a
 * {@code condock.yaml} spec as defaults that every setter overrides, defaults in one place, validated once by
 * {@link Builder#build()}. Immutable.
 *
 * @param source          where each platform's package set comes from: a lock file or an environment to solve
 * @param platforms       the platforms to build, in order; several make an OCI image index
 * @param prefix          the conda prefix inside the image ("/opt/conda")
 * @param base            the base image, or null for scratch
 * @param targets         where to write the image; empty for plan/lock/diff, which write none
 * @param compression     gzip, zstd or estargz
 * @param threads         parallel work; never changes the output
 * @param cacheRoot       the package, layer and build cache
 * @param mtime           the fixed mtime of every entry and the config's "created", seconds
 * @param labels          extra labels for the image config (spec's, then flags')
 * @param registry        how to reach registries (a registry base or target)
 * @param config          env/entrypoint/cmd/workdir/user set by the user
 * @param virtualPackages declared virtual packages ("__cuda" → "12.4", "" removes one): the spec's, overridden
 *                        by flags; they override the base's and the platform's defaults
 * @param layers          the grouping planner's options
 * @param planner         a planner object instead of the grouping planner (benchmarks), or null
 * @param lockOut         where a build that solved writes its @EXPLICIT lock, or null for the default: beside
 *                        {@code digestFile}, else beside the environment file, named as {@link DefaultLocks} says
 * @param digestFile      where to write the image digest, or null
 * @param solve           solver settings (exclude-newer, channel priority, .condarc)
 * @param provenance      what the image records about its build (SBOM format, the condock.yaml read)
 * @param appFiles        app files, in one layer above the environment's (the spec's, then --file's)
 * @param tests           commands run in the built image before any registry push (the spec's, then --test's)
 * @param testRun         how those tests run (runtime, network, GPUs)
 * @param prefetch        eStargz only: absolute image paths written first in their layer and prefetched by a lazy
 *                        puller (--prefetch, else the spec's layers.prefetch); empty: nothing prioritized
 */
public record BuildRequest(
        Source source,
        List<Platform> platforms,
        String prefix,
        ImageTarget base,
        List<ImageTarget> targets,
        Compression compression,
        int threads,
        Path cacheRoot,
        long mtime,
        Map<String, String> labels,
        RegistryOptions registry,
        ConfigOverrides config,
        Map<String, String> virtualPackages,
        PlannerOptions layers,
        LayerPlanner planner,
        Path lockOut,
        Path digestFile,
        SolveSettings solve,
        List<AppFile> appFiles,
        List<SmokeTest> tests,
        RunOptions testRun,
        ProvenanceOptions provenance,
        List<String> prefetch) {

    public static final String DEFAULT_PREFIX = "/opt/conda";
    public static final String DEFAULT_LOCK_NAME = "conda-lock.explicit.txt";

    /** Where the package set comes from. */
    public sealed interface Source permits FromLock, FromEnvironment, NoEnvironment {}

    /** No packages: app files (and config) on a base, e.g. training scripts on a train image. */
    public record NoEnvironment() implements Source {}

    /**
     * A lock file: @EXPLICIT or conda-lock.yml.
     *
     * @param path the file; an @EXPLICIT path may hold {@code {platform}}, filled in per platform
     */
    public record FromLock(Path path) implements Source {
        public Path pathFor(Platform p) {
            return Path.of(path.toString().replace("{platform}", p.subdir()));
        }
    }

    /** An environment.yml, parsed once, solved per platform with the virtual packages the target offers. */
    public record FromEnvironment(Path file, EnvironmentSpec spec) implements Source {}

    /**
     * How {@code lock} solves.
     *
     * @param excludeNewerMillis records built after this are ignored (epoch millis), 0 for none
     * @param strictPriority     channel priority, or null for the .condarc's (strict when it says nothing)
     * @param condarc            the .condarc to read instead of conda's search path ($CONDARC, ~/.condarc,
     *                           ~/.config/conda/.condarc, /etc/conda/.condarc, ...), or null for the search path;
     *                           CONDA_* variables apply either way
     * @param keepMirrorUrls     locks record the mirror a package was read from instead of its canonical URL
     * @param pipIndex           pip index options: flags over condock.yaml (the builder merges them); both over the
     *                           environment file's own {@code pip:} option lines (applied where it is parsed)
     */
    public record SolveSettings(
            long excludeNewerMillis,
            Boolean strictPriority,
            Path condarc,
            boolean keepMirrorUrls,
            dev.condock.pip.PipIndexSettings pipIndex) {
        public static final SolveSettings DEFAULTS = new SolveSettings(0, null, null, false);

        public SolveSettings {
            pipIndex = pipIndex == null ? dev.condock.pip.PipIndexSettings.NONE : pipIndex;
        }

        public SolveSettings(long excludeNewerMillis, Boolean strictPriority, Path condarc, boolean keepMirrorUrls) {
            this(excludeNewerMillis, strictPriority, condarc, keepMirrorUrls, null);
        }

        public SolveSettings withPipIndex(dev.condock.pip.PipIndexSettings p) {
            return new SolveSettings(excludeNewerMillis, strictPriority, condarc, keepMirrorUrls, p);
        }

        public SolveSettings(long excludeNewerMillis, Boolean strictPriority, Path condarc) {
            this(excludeNewerMillis, strictPriority, condarc, false);
        }
    }

    public BuildRequest {
        platforms = List.copyOf(platforms);
        targets = List.copyOf(targets);
        labels = Map.copyOf(labels);
        virtualPackages = Map.copyOf(virtualPackages);
        appFiles = List.copyOf(appFiles);
        tests = List.copyOf(tests);
        prefetch = prefetch == null ? List.of() : List.copyOf(prefetch);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A build of the first platform only: the single-platform shape of this request. */
    public Platform platform() {
        return platforms.get(0);
    }

    /** This request writing to other targets. */
    public BuildRequest withTargets(List<ImageTarget> to) {
        return new BuildRequest(
                source,
                platforms,
                prefix,
                base,
                to,
                compression,
                threads,
                cacheRoot,
                mtime,
                labels,
                registry,
                config,
                virtualPackages,
                layers,
                planner,
                lockOut,
                digestFile,
                solve,
                appFiles,
                tests,
                testRun,
                provenance,
                prefetch);
    }

    /** The virtual packages {@code platform} offers on a base that has {@code glibc} and {@code cuda} (nullable). */
    public VirtualPackages virtualPackagesFor(Platform platform, String glibc, String cuda) throws CondockException {
        return VirtualPackages.defaults(platform)
                .withBase(glibc, cuda)
                .withDeclared(virtualPackages, "virtual_packages/--virtual-package");
    }

    /** The @EXPLICIT lock file a build that solved {@code platform} writes (of {@code count} platforms). */
    public Path lockOutFor(Platform platform, int count) {
        Path out = lockOut;
        if (out == null) {
            Path dir = digestFile != null
                    ? digestFile.toAbsolutePath().getParent()
                    : source instanceof FromEnvironment e
                            ? e.file().toAbsolutePath().getParent()
                            : Path.of("").toAbsolutePath();
            // named after the environment file, so two environments in one directory keep their own locks
            out = source instanceof FromEnvironment e
                    ? DefaultLocks.explicitFor(e.file(), dir)
                    : dir.resolve(DEFAULT_LOCK_NAME);
        }
        return perPlatform(out, platform, count);
    }

    /** One file per platform: {@code FILE} for a single platform, {@code FILE.<platform>} for several. */
    public static Path perPlatform(Path file, Platform platform, int count) {
        return count == 1 ? file : file.resolveSibling(file.getFileName() + "." + platform.subdir());
    }

    /**
     * Named setters; a spec ({@link #spec}) gives defaults that setters override whatever their order. Unset
     * values take the defaults in {@link #build()}.
     */
    public static final class Builder {
        private ImageSpec spec;
        private Path lock;
        private Path environment;
        private final List<String> platforms = new ArrayList<>();
        private String prefix;
        private String base;
        private final List<String> targets = new ArrayList<>();
        private String compression;
        private Integer threads;
        private Path cacheRoot;
        private Long mtime;
        private final Map<String, String> labels = new LinkedHashMap<>();
        private RegistryOptions registry;
        private final Map<String, String> env = new LinkedHashMap<>();
        private List<String> entrypoint;
        private List<String> cmd;
        private String workdir;
        private String user;
        private final Map<String, String> virtualPackages = new LinkedHashMap<>();
        private Long layerThreshold;
        private Integer maxLayers;
        private LayerPlanner planner;
        private Path lockOut;
        private Path digestFile;
        private SolveSettings solve = SolveSettings.DEFAULTS;
        private SbomFormat sbom;
        private String fromImage;
        private Path specFile;
        private Path signKey;
        private boolean allowStaleLock;
        private final List<AppFile> appFiles = new ArrayList<>();
        private final List<SmokeTest> tests = new ArrayList<>();
        private RunOptions testRun = RunOptions.DEFAULTS;
        private final List<String> prefetch = new ArrayList<>();
        private dev.condock.pip.PipIndexSettings pipIndex = dev.condock.pip.PipIndexSettings.NONE;

        private Builder() {}

        /** A condock.yaml (or the directory holding one) or an environment.yml: read once, here. */
        public Builder spec(Path fileOrDir) throws CondockException {
            this.spec = SpecFiles.read(fileOrDir);
            // a condock.yaml's bytes go into the image's record; an environment.yml is recorded as the environment
            this.specFile = SpecFiles.isEnvironmentFile(fileOrDir)
                    ? null
                    : java.nio.file.Files.isDirectory(fileOrDir)
                            ? fileOrDir.resolve(dev.condock.spec.ImageSpecParser.FILE_NAME)
                            : fileOrDir;
            return this;
        }

        /** An already-read spec. */
        public Builder spec(ImageSpec s) {
            this.spec = s;
            return this;
        }

        /** Build from this lock (overrides the spec's environment and lock). */
        public Builder lock(Path file) {
            this.lock = file;
            return this;
        }

        /** Solve this environment.yml (overrides the spec's environment and lock). */
        public Builder environment(Path file) {
            this.environment = file;
            return this;
        }

        /** Conda subdirs ("linux-64"); several build an image index. */
        public Builder platforms(List<String> subdirs) {
            platforms.addAll(subdirs);
            return this;
        }

        public Builder platform(String subdir) {
            platforms.add(subdir);
            return this;
        }

        public Builder prefix(String p) {
            this.prefix = p;
            return this;
        }

        /** "scratch", oci:DIR[:TAG] or a registry reference. */
        public Builder base(String b) {
            this.base = b;
            return this;
        }

        /** A target as {@code --to} takes it; repeatable. */
        public Builder to(String target) {
            targets.add(target);
            return this;
        }

        public Builder to(List<String> to) {
            targets.addAll(to);
            return this;
        }

        public Builder compression(String c) {
            this.compression = c;
            return this;
        }

        /** eStargz: image paths to put first and prefetch (--prefetch); given, they replace the spec's list. */
        public Builder prefetch(List<String> paths) {
            prefetch.addAll(paths);
            return this;
        }

        public Builder threads(int n) {
            this.threads = n;
            return this;
        }

        public Builder cacheRoot(Path dir) {
            this.cacheRoot = dir;
            return this;
        }

        public Builder mtime(long seconds) {
            this.mtime = seconds;
            return this;
        }

        public Builder labels(Map<String, String> l) {
            labels.putAll(l);
            return this;
        }

        public Builder registry(RegistryOptions r) {
            this.registry = r;
            return this;
        }

        public Builder env(Map<String, String> e) {
            env.putAll(e);
            return this;
        }

        public Builder entrypoint(List<String> e) {
            this.entrypoint = e;
            return this;
        }

        public Builder cmd(List<String> c) {
            this.cmd = c;
            return this;
        }

        public Builder workdir(String w) {
            this.workdir = w;
            return this;
        }

        public Builder user(String u) {
            this.user = u;
            return this;
        }

        /** Declared virtual packages ("__cuda" → "12.4", "" removes one); override the spec's. */
        public Builder virtualPackages(Map<String, String> v) {
            virtualPackages.putAll(v);
            return this;
        }

        public Builder virtualPackage(String name, String value) {
            virtualPackages.put(name, value);
            return this;
        }

        public Builder layerThreshold(long bytes) {
            this.layerThreshold = bytes;
            return this;
        }

        /** The whole image's layer budget, base layers included (overrides the spec's {@code layers.max}). */
        public Builder maxLayers(Integer n) {
            this.maxLayers = n;
            return this;
        }

        /** A planner object instead of the grouping planner; such builds skip the build cache. */
        public Builder planner(LayerPlanner p) {
            this.planner = p;
            return this;
        }

        public Builder lockOut(Path file) {
            this.lockOut = file;
            return this;
        }

        public Builder digestFile(Path file) {
            this.digestFile = file;
            return this;
        }

        public Builder solve(SolveSettings s) {
            this.solve = s;
            return this;
        }

        /**
         * Rebuild the image {@code image} from its record (environment + spec, or its lock); its labels give the
         * prefix, platform and created time unless set here. Not with a spec, lock or environment.
         */
        public Builder fromImage(String image) {
            this.fromImage = image;
            return this;
        }

        /** Sign every registry target with this PEM private key once pushed ({@code --sign-key}). */
        public Builder signKey(Path key) {
            this.signKey = key;
            return this;
        }

        /** The SBOM the image's record holds ({@code --sbom}; default SPDX). */
        public Builder sbom(SbomFormat f) {
            this.sbom = f;
            return this;
        }

        /** Build from a spec's lock even when its environment file has changed since (default: refuse, exit 2). */
        public Builder allowStaleLock(boolean allow) {
            this.allowStaleLock = allow;
            return this;
        }

        /** App files ({@code --file}), after the spec's. */
        public Builder files(List<AppFile> f) {
            appFiles.addAll(f);
            return this;
        }

        /** Commands to run in the built image before any push ({@code --test}), after the spec's. */
        public Builder tests(List<SmokeTest> t) {
            tests.addAll(t);
            return this;
        }

        /** pip index options from flags ({@code --pip-*}): each set one wins over condock.yaml's {@code pip:}. */
        public Builder pipIndex(dev.condock.pip.PipIndexSettings p) {
            this.pipIndex = p == null ? dev.condock.pip.PipIndexSettings.NONE : p;
            return this;
        }

        public Builder testRun(RunOptions o) {
            this.testRun = o;
            return this;
        }

        /** Merges flags over the spec over the defaults and checks every value; a bad one is a user error. */
        public BuildRequest build() throws CondockException {
            FromImage rebuild = fromImage == null ? null : rebuildFrom();
            ImageSpec s = spec;
            List<AppFile> allFiles = new ArrayList<>(s == null ? List.of() : s.files());
            allFiles.addAll(appFiles);
            List<SmokeTest> allTests = new ArrayList<>(s == null ? List.of() : s.tests());
            allTests.addAll(tests);
            boolean hasBase = base != null
                    ? !base.equals("scratch")
                    : s != null && s.base() != null && !s.base().equals("scratch");
            Source source = source(s, !allFiles.isEmpty() || hasBase);
            List<Platform> plats = new ArrayList<>();
            List<String> names = !platforms.isEmpty()
                    ? platforms
                    : s != null && !s.platforms().isEmpty() ? s.platforms() : List.of(Platform.LINUX_64.subdir());
            for (String n : names) {
                Platform p = Platform.of(n);
                if (!plats.contains(p)) {
                    plats.add(p);
                }
            }
            if (!allowStaleLock
                    && lock == null
                    && environment == null
                    && s != null
                    && s.lock() != null
                    && s.environment() != null) {
                DriftCheck.requireFresh(
                        s.environment(),
                        s.lock(),
                        plats.stream().map(Platform::subdir).toList());
            }
            String pfx = checkPrefix(
                    prefix != null ? prefix : s != null && s.prefix() != null ? s.prefix() : DEFAULT_PREFIX,
                    prefix == null && s != null && s.prefix() != null ? s.source() + ": prefix" : "--prefix");
            List<ImageTarget> to = new ArrayList<>();
            for (String t : !targets.isEmpty() ? targets : s != null ? s.tags() : List.<String>of()) {
                to.add(ImageTarget.parse(t));
            }
            String b = base != null ? base : s != null && s.base() != null ? s.base() : "scratch";
            ImageTarget baseTarget = b.equals("scratch") ? null : ImageTarget.parse(b);
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            if (n < 1) {
                throw CondockException.user("--threads must be at least 1");
            }
            String comp = compression != null
                    ? compression
                    : s != null && s.layers().compression() != null ? s.layers().compression() : "gzip";
            // environment.yml's variables (what conda sets on activation), then condock.yaml env:, then --env
            Map<String, String> vars =
                    source instanceof FromEnvironment fe ? fe.spec().variables() : Map.of();
            ConfigOverrides config = new ConfigOverrides(
                    merged(merged(vars, s == null ? Map.of() : s.env()), env),
                    entrypoint != null ? entrypoint : s != null ? s.entrypoint() : null,
                    cmd != null ? cmd : s != null ? s.cmd() : null,
                    workdir != null ? workdir : s != null ? s.workdir() : null,
                    user != null ? user : s != null ? s.user() : null);
            Map<String, String> declared = merged(s == null ? Map.of() : s.virtualPackages(), virtualPackages);
            // a bad declared name or value fails here, once, naming where it came from
            if (s != null) {
                VirtualPackages.defaults(plats.get(0)).withDeclared(s.virtualPackages(), s.source());
            }
            VirtualPackages.defaults(plats.get(0)).withDeclared(virtualPackages, "--virtual-package");
            int max = maxLayers != null
                    ? maxLayers
                    : s != null && s.layers().max() != null ? s.layers().max() : PlannerOptions.DEFAULT_MAX_LAYERS;
            PlannerOptions layers =
                    PlannerOptions.of(layerThreshold != null ? layerThreshold : PlannerOptions.DEFAULT_THRESHOLD, max);
            return new BuildRequest(
                    source,
                    plats,
                    pfx,
                    baseTarget,
                    to,
                    Compression.parse(comp),
                    n,
                    cacheRoot != null ? cacheRoot : PackageFetcher.defaultCacheRoot(),
                    mtime != null ? mtime : LayerWriter.defaultMtime(),
                    merged(s == null ? Map.of() : s.labels(), labels),
                    withSpecRegistries(registry != null ? registry : RegistryOptions.defaults(), s),
                    config,
                    declared,
                    layers,
                    planner,
                    lockOut,
                    digestFile,
                    solve.withPipIndex(pipIndex.over(solve.pipIndex())
                            .over(s == null ? dev.condock.pip.PipIndexSettings.NONE : s.pip())),
                    allFiles,
                    allTests,
                    testRun,
                    new ProvenanceOptions(sbom != null ? sbom : SbomFormat.SPDX, specFile, signKey, rebuild),
                    Prefetch.choose(
                            prefetch,
                            s == null ? List.of() : s.layers().prefetch(),
                            s == null ? null : s.source(),
                            Compression.parse(comp)));
        }

        /** Reads the image's record and takes its inputs and labels as this build's (flags still win). */
        private FromImage rebuildFrom() throws CondockException {
            if (spec != null || lock != null || environment != null) {
                throw CondockException.user("--from-image rebuilds from the image's own record: give no spec, "
                        + "--lock or environment with it");
            }
            FromImage f = FromImage.extract(
                    fromImage,
                    registry != null ? registry : RegistryOptions.defaults(),
                    platforms.isEmpty() ? null : Platform.of(platforms.get(0)),
                    cacheRoot != null ? cacheRoot : PackageFetcher.defaultCacheRoot());
            Path env = f.file(dev.condock.provenance.ProvenanceRecord.ENVIRONMENT_FILE);
            Path specYaml = f.file(dev.condock.provenance.ProvenanceRecord.SPEC_FILE);
            Path condaLock = f.file(dev.condock.provenance.ProvenanceRecord.CONDA_LOCK_FILE);
            Path explicit = f.file(dev.condock.provenance.ProvenanceRecord.EXPLICIT_LOCK_FILE);
            if (specYaml != null) {
                spec(specYaml);
            }
            if (explicit != null || condaLock != null) {
                // rebuilt from the record's lock, not solved again (channels move); its environment file lies
                // beside it, so the rebuild records it too
                lock = explicit != null ? explicit : condaLock;
            } else if (env != null) {
                environment = env; // an older record without a lock: solved again from the same environment
            } else {
                throw CondockException.user(fromImage + ": its record holds neither an environment nor a lock");
            }
            if (prefix == null && f.prefix() != null) {
                prefix = f.prefix();
            }
            if (platforms.isEmpty() && f.platform() != null) {
                platforms.add(f.platform());
            }
            if (mtime == null && f.mtime() != null) {
                mtime = f.mtime();
            }
            if (sbom == null) {
                sbom = f.sbom();
            }
            return f;
        }

        private Source source(ImageSpec s, boolean somethingElse) throws CondockException {
            if (lock != null && environment != null) {
                throw CondockException.user("give a lock or an environment to solve, not both");
            }
            if (lock != null) {
                return new FromLock(lock);
            }
            Path envFile = environment != null ? environment : s != null && s.lock() == null ? s.environment() : null;
            if (envFile != null) {
                return new FromEnvironment(envFile, EnvironmentSpec.read(envFile));
            }
            if (s != null && s.lock() != null) {
                return new FromLock(s.lock());
            }
            if (somethingElse) {
                return new NoEnvironment(); // app files and/or config on a base
            }
            throw CondockException.user(
                    "nothing to build: pass --lock FILE or a condock.yaml naming an environment " + "or a lock");
        }

        /** The spec's {@code insecure_registries} added to the flags' (a list both may extend, neither overrides). */
        private static RegistryOptions withSpecRegistries(RegistryOptions r, ImageSpec s) {
            if (s == null || s.insecureRegistries().isEmpty()) {
                return r;
            }
            java.util.Set<String> hosts = new java.util.HashSet<>(r.insecureHosts());
            hosts.addAll(s.insecureRegistries());
            return r.withInsecure(hosts);
        }

        private static Map<String, String> merged(Map<String, String> fromSpec, Map<String, String> fromFlags) {
            Map<String, String> m = new TreeMap<>(fromSpec);
            m.putAll(fromFlags);
            return m;
        }
    }

    /** The prefix must be absolute and plain: it is written into every text file with a placeholder. */
    static String checkPrefix(String p, String where) throws CondockException {
        if (!p.startsWith("/")
                || p.length() < 2
                || p.contains("//")
                || p.contains("/../")
                || p.endsWith("/")
                || p.endsWith("/..")
                || p.contains("/./")) {
            throw CondockException.user(where + " must be an absolute path like /opt/conda: " + p);
        }
        return p;
    }
}

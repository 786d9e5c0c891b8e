package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.EnvironmentLocker;
import dev.condock.pipeline.ImageBuilder;
import dev.condock.pipeline.MultiPlatformBuilder;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.ConfigOverrides;
import dev.condock.image.ImageTarget;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerWriter;
import dev.condock.model.Platform;
import dev.condock.spec.ImageSpec;
import dev.condock.spec.ImageSpecParser;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code condock build [DIR|condock.yaml] [--lock FILE] --to TARGET...}: a lock file into an image. A spec
 * (condock.yaml) supplies defaults; every flag given here overrides it.
 */
@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Build an OCI image from a condock.yaml spec or a conda lock file (@EXPLICIT or conda-lock.yml).")
public final class BuildCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC",
            description = "condock.yaml, a directory holding one, or an environment.yml to solve and build")
    Path spec;

    @Option(names = "--lock", paramLabel = "FILE", description = "@EXPLICIT file or conda-lock.yml")
    Path lock;

    @Option(names = "--to", paramLabel = "TARGET",
            description = "oci:DIR[:TAG], docker-archive:FILE[:NAME:TAG], or a registry HOST[:PORT]/REPO[:TAG] "
                    + "(docker:// accepted); repeatable, every target gets the same image (default: the spec's tags)")
    List<String> to = new ArrayList<>();

    @Option(names = "--platform", paramLabel = "SUBDIR",
            description = "conda subdir, repeatable: several build an image index (default: the spec's or linux-64)")
    List<String> platforms = new ArrayList<>();

    @Option(names = "--prefix", description = "prefix in the image (default: the spec's or /opt/conda)")
    String prefix;

    @Option(names = "--base",
            description = "scratch, oci:DIR[:TAG] or a registry reference (default: the spec's or scratch)")
    String base;

    @Option(names = "--compression", description = "gzip or zstd (default: the spec's or gzip)")
    String compression;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "image environment variable (repeatable)")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = "--label", paramLabel = "KEY=VALUE", description = "image label (repeatable)")
    Map<String, String> labels = new LinkedHashMap<>();

    @Option(names = "--virtual-package", paramLabel = "NAME=VERSION",
            description = "virtual package the target offers, e.g. __cuda=12.4 (repeatable)")
    Map<String, String> virtualPackages = new LinkedHashMap<>();

    @Option(names = "--entrypoint", paramLabel = "ARG", description = "image entrypoint (repeat for each argument)")
    List<String> entrypoint;

    @Option(names = "--cmd", paramLabel = "ARG", description = "image cmd (repeat for each argument)")
    List<String> cmd;

    @Option(names = "--workdir", description = "image working directory")
    String workdir;

    @Option(names = "--user", description = "image user")
    String user;

    @Option(names = "--threads", description = "parallel work (default: number of CPUs)")
    Integer threads;

    @Option(names = "--digest-file", paramLabel = "FILE", description = "write the image digest here")
    Path digestFile;

    @Option(names = "--cache", paramLabel = "DIR", description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
    Path cache;

    @Option(names = "--debug", description = "stack traces on errors")
    boolean debug;

    @Option(names = "--lock-out", paramLabel = "FILE", description = "where a build that solved writes its @EXPLICIT "
            + "lock (default: conda-lock.explicit.txt beside --digest-file, else beside the environment file; "
            + "several platforms add .<platform>)")
    Path lockOut;

    @Option(names = "--json", description = "print a JSON summary (digest, size, per-registry pushes) instead of the digest")
    boolean json;

    @Mixin
    RegistryFlags registry = new RegistryFlags();
    @Mixin
    LayerOptions layers = new LayerOptions();

    @Override
    public Integer call() throws CondockException, IOException {
        ErrorHandler.debug |= debug;
        long start = System.nanoTime();
        BuildRequest req = request();
        List<Platform> plats = platformList();
        ConsoleListener listener = new ConsoleListener();
        ImageBuilder builder = new ImageBuilder(layers.options(specMaxLayers()), listener);
        String digest;
        long size;
        ImageSpec s = imageSpec();
        Map<Platform, Path> solved = new LinkedHashMap<>();
        MultiPlatformBuilder.LockSource locks = req.lockFile() != null
                ? p -> MultiPlatformBuilder.lockFor(req.lockFile(), p)
                : p -> {
                    Path l = EnvironmentLocker.lock(s.environment(), req, p, listener);
                    solved.put(p, l);
                    return l;
                };
        if (plats.size() == 1) {
            Platform p = plats.get(0);
            BuildResult result = builder.build(req.forPlatform(p, locks.lockFor(p), req.targets()));
            digest = result.digest();
            size = result.image().manifest().size();
        } else {
            MultiPlatformBuilder.Result result = new MultiPlatformBuilder(builder, listener).build(req, plats, locks);
            digest = result.digest();
            size = result.index().descriptor().size();
        }
        if (json) {
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("digest", digest);
            summary.put("size", size);
            summary.put("targets", req.targets().stream().map(ImageTarget::toString).toList());
            summary.put("pushes", listener.pushes().stream().map(PushSummary::of).toList());
            summary.put("seconds", Math.round((System.nanoTime() - start) / 1e6) / 1000.0);
            System.out.println(Json.pretty(summary));
        } else {
            System.out.println(digest);
        }
        if (digestFile != null) {
            AtomicFiles.write(digestFile, (digest + "\n").getBytes(StandardCharsets.UTF_8));
        }
        writeSolvedLocks(solved, s, listener);
        return 0;
    }

    /** A build that solved leaves its lock beside the digest, so the next build can pin exactly this set. */
    private void writeSolvedLocks(Map<Platform, Path> solved, ImageSpec s, ConsoleListener listener)
            throws IOException {
        if (solved.isEmpty()) {
            return;
        }
        Path out = lockOut;
        if (out == null) {
            Path dir = digestFile != null ? digestFile.toAbsolutePath().getParent()
                    : s.environment().toAbsolutePath().getParent();
            out = dir.resolve("conda-lock.explicit.txt");
        }
        for (var e : solved.entrySet()) {
            Path f = solved.size() == 1 ? out : out.resolveSibling(out.getFileName() + "." + e.getKey().subdir());
            AtomicFiles.write(f, java.nio.file.Files.readAllBytes(e.getValue()));
            listener.info("lock for " + e.getKey().subdir() + " written to " + f);
        }
    }

    private Integer specMaxLayers() throws CondockException {
        ImageSpec s = imageSpec();
        return s == null ? null : s.layers().max();
    }

    ImageSpec imageSpec() throws CondockException {
        if (spec == null) {
            return null;
        }
        return isEnvironmentFile(spec) ? ImageSpec.forEnvironment(spec) : ImageSpecParser.read(spec);
    }

    /** An environment.yml (top-level dependencies:, not named condock.yaml) rather than an image spec. */
    static boolean isEnvironmentFile(Path p) {
        if (!java.nio.file.Files.isRegularFile(p) || p.getFileName().toString().equals(ImageSpecParser.FILE_NAME)) {
            return false;
        }
        try (var r = java.nio.file.Files.newBufferedReader(p)) {
            Object doc = new org.yaml.snakeyaml.Yaml().load(r);
            return doc instanceof Map<?, ?> m && m.containsKey("dependencies") && !m.containsKey("environment")
                    && !m.containsKey("lock");
        } catch (IOException | RuntimeException e) {
            return false; // let the spec parser report what is wrong with it
        }
    }

    List<Platform> platformList() throws CondockException {
        ImageSpec s = imageSpec();
        List<String> names = !platforms.isEmpty() ? platforms
                : s != null && !s.platforms().isEmpty() ? s.platforms() : List.of("linux-64");
        List<Platform> out = new ArrayList<>();
        for (String n : names) {
            Platform p = Platform.of(n);
            if (!out.contains(p)) {
                out.add(p);
            }
        }
        return out;
    }

    BuildRequest request() throws CondockException {
        ImageSpec s = imageSpec();
        Path lockFile = lock != null ? lock : s != null ? s.lock() : null;
        if (lockFile == null && (s == null || s.environment() == null)) {
            throw CondockException.user("nothing to build: pass --lock FILE or a condock.yaml naming an environment "
                    + "or a lock");
        }
        String pfx = prefix != null ? prefix : s != null && s.prefix() != null ? s.prefix() : "/opt/conda";
        LockBuildOptions.checkPrefix(pfx);
        List<String> toList = !to.isEmpty() ? to : s != null ? s.tags() : List.of();
        if (toList.isEmpty()) {
            throw CondockException.user("no target: pass --to TARGET or list tags: in the spec");
        }
        List<ImageTarget> targets = new ArrayList<>();
        for (String t : toList) {
            targets.add(ImageTarget.parse(t));
        }
        String b = base != null ? base : s != null && s.base() != null ? s.base() : "scratch";
        ImageTarget baseTarget = b.equals("scratch") ? null : ImageTarget.parse(b);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        if (n < 1) {
            throw CondockException.user("--threads must be at least 1");
        }
        String comp = compression != null ? compression
                : s != null && s.layers().compression() != null ? s.layers().compression() : "gzip";
        ConfigOverrides config = new ConfigOverrides(merged(s == null ? Map.of() : s.env(), env),
                entrypoint != null ? entrypoint : s != null ? s.entrypoint() : null,
                cmd != null ? cmd : s != null ? s.cmd() : null,
                workdir != null ? workdir : s != null ? s.workdir() : null,
                user != null ? user : s != null ? s.user() : null);
        // the lock path may still hold {platform}: each platform's build fills it in
        return new BuildRequest(lockFile, platformList().get(0), pfx, baseTarget, targets, Compression.parse(comp), n,
                cache != null ? cache : PackageFetcher.defaultCacheRoot(), LayerWriter.defaultMtime(),
                merged(s == null ? Map.of() : s.labels(), labels), registry.options(), config,
                merged(s == null ? Map.of() : s.virtualPackages(), virtualPackages));
    }

    private static Map<String, String> merged(Map<String, String> fromSpec, Map<String, String> fromFlags) {
        Map<String, String> m = new TreeMap<>(fromSpec);
        m.putAll(fromFlags);
        return m;
    }
}

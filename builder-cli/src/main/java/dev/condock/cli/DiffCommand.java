package dev.condock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.diff.ImagePackages;
import dev.condock.diff.PackageDiff;
import dev.condock.diff.PackageEntry;
import dev.condock.diff.RegistryImages;
import dev.condock.fetch.PackageFetcher;
import dev.condock.image.DockerArchiveTarget;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.OciTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.layer.PlannerOptions;
import dev.condock.model.Platform;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.pipeline.ImageDiff;
import dev.condock.pipeline.Labels;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code condock diff OLD NEW}: packages added, removed, upgraded, downgraded, rebuilt (with sizes, big additions
 * flagged), then layers kept, changed, added, removed and what a push of NEW uploads where OLD already is. OLD and
 * NEW are images (oci:, docker-archive:, a registry reference) or a lock, an environment file or a spec, built
 * into the cache only (no target written) with the same flags as build; packages are read from each image's
 * conda-meta either way.
 */
@Command(
        name = "diff",
        mixinStandardHelpOptions = true,
        description = "Compare two images, locks, environment files or specs by package and by layer.")
public final class DiffCommand implements Callable<Integer> {
    static final String REFS = "lock file, environment.yml, condock.yaml or its directory, oci:DIR[:TAG], "
            + "docker-archive:FILE or a registry HOST[:PORT]/REPO[:TAG]";

    @Parameters(index = "0", paramLabel = "OLD", description = REFS)
    String oldRef;

    @Parameters(index = "1", paramLabel = "NEW", description = REFS)
    String newRef;

    /** For locks, environments and specs: what they build into. */
    @Mixin
    LockBuildOptions options = new LockBuildOptions();

    @Option(
            names = "--format",
            paramLabel = "text|json|markdown",
            description = "output format (default: text; " + "markdown fits a pull-request comment)")
    String format;

    @Option(names = "--json", description = "same as --format json")
    boolean json;

    @Option(
            names = "--warn-size",
            paramLabel = "SIZE",
            defaultValue = "100M",
            description = "flag a package that adds more than this (archive or installed; default: ${DEFAULT-VALUE})")
    String warnSize;

    @Mixin
    LayerOptions layers = new LayerOptions();

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    /** One side: its image and the packages in it. */
    record Side(String ref, ImageBlobs image, List<PackageEntry> packages) {}

    @Override
    public Integer call() throws CondockException {
        String f = json ? "json" : format == null ? "text" : format;
        if (!List.of("text", "json", "markdown").contains(f)) {
            throw CondockException.user("--format: expected text, json or markdown, got '" + format + "'");
        }
        if (json && format != null && !format.equals("json")) {
            throw CondockException.user("--json and --format " + format + " disagree");
        }
        long warn = PlannerOptions.parseSize(warnSize);
        Side a = load(oldRef);
        Side b = load(newRef);
        ImageDiff layerDiff = ImageDiff.of(a.image(), b.image());
        PackageDiff packages = PackageDiff.of(a.packages(), b.packages());
        System.out.print(
                switch (f) {
                    case "json" -> toJson(layerDiff, packages, warn);
                    case "markdown" -> DiffFormat.markdown(oldRef, newRef, packages, warn, layerDiff);
                    default -> DiffFormat.packagesText(packages, warn) + text(layerDiff);
                });
        return 0;
    }

    private Side load(String ref) throws CondockException {
        Path cache = options.cache != null ? options.cache : PackageFetcher.defaultCacheRoot();
        Platform platform = Platform.of(options.platform != null ? options.platform : Platform.LINUX_64.subdir());
        ImageBlobs image;
        String prefix;
        Path file = ref.startsWith("oci:") || ref.startsWith("docker-archive:") ? null : Path.of(ref);
        if (file != null && Files.exists(file)) {
            BuildRequest.Builder b = options.builder()
                    .maxLayers(layers.maxLayers)
                    .layerThreshold(layers.thresholdBytes())
                    .registry(registry.options());
            if (Files.isDirectory(file) || CheckCommand.isSpec(file))
                b.spec(file).allowStaleLock(true);
            else if (isEnvironmentFile(file)) b.environment(file);
            else b.lock(file);
            BuildRequest req = b.build();
            image = new Condock(BuildListener.SILENT).image(req).image();
            prefix = req.prefix();
        } else {
            ImageTarget t = ImageTarget.parse(ref);
            image = t instanceof OciTarget oci
                    ? oci.read(platform)
                    : t instanceof DockerArchiveTarget d
                            ? d.read()
                            : RegistryImages.load((RegistryTarget) t, platform, registry.options());
            prefix = label(image, Labels.LABEL_PREFIX);
        }
        return new Side(ref, image, ImagePackages.of(image, prefix, cache));
    }

    /** An environment.yml: a top-level {@code dependencies:} key (a lock has {@code @EXPLICIT} or {@code package:}). */
    static boolean isEnvironmentFile(Path p) throws CondockException {
        try {
            return Files.readAllLines(p).stream().anyMatch(l -> l.startsWith("dependencies:"));
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CondockException.user(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static String label(ImageBlobs image, String key) {
        try {
            String v = Json.CANONICAL
                    .readTree(image.configBytes())
                    .path("config")
                    .path("Labels")
                    .path(key)
                    .asText("");
            return v.isEmpty() ? null : v;
        } catch (IOException e) {
            return null;
        }
    }

    static String text(ImageDiff d) {
        StringBuilder sb = new StringBuilder(String.format(
                "%d kept, %d changed, %d added, %d removed; " + "push uploads %s of %s%n",
                d.kept(),
                d.count(ImageDiff.Kind.CHANGED),
                d.count(ImageDiff.Kind.ADDED),
                d.count(ImageDiff.Kind.REMOVED),
                InspectCommand.human(d.uploadBytes()),
                InspectCommand.human(d.newTotalBytes())));
        for (ImageDiff.Change c : d.changes()) {
            StringBuilder pk = new StringBuilder();
            c.removed().forEach(r -> pk.append(" -").append(r));
            c.added().forEach(a -> pk.append(" +").append(a));
            sb.append(String.format(
                    "  %-8s %-22s %10s %s%n",
                    c.kind().name().toLowerCase(),
                    c.layer(),
                    c.kind() == ImageDiff.Kind.REMOVED ? "" : InspectCommand.human(c.size()),
                    pk.toString().strip()));
        }
        return sb.toString();
    }

    /** Today's layer keys as they were, and {@code packages} added beside them. */
    static String toJson(ImageDiff d, PackageDiff packages, long warn) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("kept", d.kept());
        o.put("uploadBytes", d.uploadBytes());
        o.put("newTotalBytes", d.newTotalBytes());
        ArrayNode arr = o.putArray("changes");
        for (ImageDiff.Change c : d.changes()) {
            ObjectNode n = arr.addObject();
            n.put("kind", c.kind().name().toLowerCase());
            n.put("layer", c.layer());
            n.put("digest", c.digest());
            n.put("size", c.size());
            c.added().forEach(n.putArray("added")::add);
            c.removed().forEach(n.putArray("removed")::add);
        }
        o.set("packages", DiffFormat.packagesJson(packages, warn));
        return Json.pretty(o) + "\n";
    }
}

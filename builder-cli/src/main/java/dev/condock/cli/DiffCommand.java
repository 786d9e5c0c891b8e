package dev.condock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.Condock;
import dev.condock.pipeline.ImageDiff;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code condock diff OLD NEW}: layers kept, changed, added, removed, and what a push of NEW uploads where OLD
 * already is. OLD and NEW are images (oci:DIR[:TAG], docker-archive:FILE) or lock files, which are built into
 * the cache only (no target written) with the same flags as build.
 */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Compare two images or two locks layer by layer: what a push of NEW uploads where OLD is.")
public final class DiffCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "OLD", description = "lock file, oci:DIR[:TAG] or docker-archive:FILE")
    String oldRef;

    @Parameters(index = "1", paramLabel = "NEW", description = "lock file, oci:DIR[:TAG] or docker-archive:FILE")
    String newRef;

    /** For locks: what they build into. */
    @Mixin
    LockBuildOptions options = new LockBuildOptions();

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Mixin
    LayerOptions layers = new LayerOptions();

    @Override
    public Integer call() throws CondockException {
        ImageDiff d = ImageDiff.of(load(oldRef), load(newRef));
        System.out.print(json ? toJson(d) : text(d));
        return 0;
    }

    private ImageBlobs load(String ref) throws CondockException {
        if (ref.startsWith("oci:") || ref.startsWith("docker-archive:")) {
            return InspectCommand.load(ImageTarget.parse(ref));
        }
        BuildRequest req = options.builder().lock(Path.of(ref)).maxLayers(layers.maxLayers)
                .layerThreshold(layers.thresholdBytes()).build();
        return new Condock(BuildListener.SILENT).image(req).image();
    }

    static String text(ImageDiff d) {
        StringBuilder sb = new StringBuilder(String.format("%d kept, %d changed, %d added, %d removed; "
                        + "push uploads %s of %s%n", d.kept(), d.count(ImageDiff.Kind.CHANGED),
                d.count(ImageDiff.Kind.ADDED), d.count(ImageDiff.Kind.REMOVED), InspectCommand.human(d.uploadBytes()),
                InspectCommand.human(d.newTotalBytes())));
        for (ImageDiff.Change c : d.changes()) {
            StringBuilder pk = new StringBuilder();
            c.removed().forEach(r -> pk.append(" -").append(r));
            c.added().forEach(a -> pk.append(" +").append(a));
            sb.append(String.format("  %-8s %-22s %10s %s%n", c.kind().name().toLowerCase(), c.layer(),
                    c.kind() == ImageDiff.Kind.REMOVED ? "" : InspectCommand.human(c.size()), pk.toString().strip()));
        }
        return sb.toString();
    }

    static String toJson(ImageDiff d) {
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
        return Json.pretty(o) + "\n";
    }
}

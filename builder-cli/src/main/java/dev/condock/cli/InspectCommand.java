package dev.condock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.image.DockerArchiveTarget;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.OciTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.pipeline.Labels;
import dev.condock.provenance.Images;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.sign.CosignSignatures;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code condock inspect TARGET [--json]}: the layers of an image with the packages in each. */
@Command(name = "inspect", mixinStandardHelpOptions = true, description = "List an image's layers and their packages.")
public final class InspectCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "TARGET",
            description = "oci:DIR[:TAG], docker-archive:FILE or a registry HOST[:PORT]/REPO[:TAG|@DIGEST]")
    String target;

    @Option(names = "--json", description = "machine-readable output")
    boolean json;

    @Option(
            names = "--platform",
            paramLabel = "SUBDIR",
            description = "for a multi-platform image (an OCI index): which platform's image, e.g. linux-aarch64 "
                    + "(default: a registry index gives this machine's)")
    String platform;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    public Integer call() throws CondockException, java.io.IOException {
        ImageBlobs image = read(target, platform, registry);
        Attached attached = attached(target, image);
        if (json) {
            ObjectNode o = (ObjectNode) Json.CANONICAL.readTree(toJson(image));
            if (attached != null) {
                ArrayNode refs = o.putArray("referrers");
                attached.referrers().forEach(refs::add);
                if (attached.signature() != null) {
                    o.put("signature", attached.signature());
                } else {
                    o.putNull("signature");
                }
            }
            System.out.print(Json.pretty(o) + "\n");
        } else {
            System.out.print(table(image));
            if (attached != null) {
                for (JsonNode r : attached.referrers()) {
                    System.out.println("referrer  " + r.path("artifactType").asText("-") + "  "
                            + r.path("digest").asText());
                }
                System.out.println("signature " + (attached.signature() == null ? "none" : attached.signature()));
            }
        }
        return 0;
    }

    /** What a registry keeps beside an image: OCI referrers (an SBOM) and a cosign signature tag. */
    record Attached(List<JsonNode> referrers, String signature) {}

    /** For a registry image: its referrers and its {@code sha256-<hex>.sig} tag if present; null otherwise. */
    private Attached attached(String target, ImageBlobs image) throws CondockException {
        if (!(ImageTarget.parse(target) instanceof RegistryTarget rt)) {
            return null;
        }
        ImageReference ref = ImageReference.parse(rt.reference());
        JibRegistry client = new JibRegistry(registry.options());
        String digest = image.manifest().digest();
        List<JsonNode> referrers = client.referrers(ref, digest);
        ImageReference sig =
                new ImageReference(ref.registry(), ref.repository(), CosignSignatures.signatureTag(digest), null);
        String signature;
        try {
            client.pull(sig, dev.condock.model.Platform.LINUX_64);
            signature = sig.toString();
        } catch (CondockException e) {
            signature = null; // no signature tag for this digest
        }
        return new Attached(referrers, signature);
    }

    /** Any image: oci:, docker-archive: or a registry reference (read with the registry flags). */
    static ImageBlobs read(String target, String platform, RegistryFlags registry) throws CondockException {
        return Images.read(
                ImageTarget.parse(target),
                registry.options(),
                platform == null ? null : dev.condock.model.Platform.of(platform));
    }

    static ImageBlobs load(ImageTarget t) throws CondockException {
        if (t instanceof OciTarget oci) {
            return oci.read();
        }
        if (t instanceof DockerArchiveTarget archive) {
            return archive.read();
        }
        throw CondockException.user("inspect of a registry image is not supported yet: " + t);
    }

    static List<String> packages(ImageBlobs.Layer l) {
        String p = l.descriptor().annotations().getOrDefault(Labels.ANNOTATION_PACKAGES, "");
        return p.isBlank() ? List.of() : Arrays.asList(p.split(" "));
    }

    /** The dists the image took unchanged from its base, as its build recorded them. */
    static List<String> fromBase(ImageBlobs image) {
        try {
            String s = Json.CANONICAL
                    .readTree(image.configBytes())
                    .path("config")
                    .path("Labels")
                    .path(Labels.LABEL_FROM_BASE)
                    .asText("");
            return s.isBlank() ? List.of() : Arrays.asList(s.split(" "));
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    static String toJson(ImageBlobs image) {
        ObjectNode o = Json.CANONICAL.createObjectNode();
        o.put("digest", image.manifest().digest());
        ArrayNode fb = o.putArray("fromBase");
        fromBase(image).forEach(fb::add);
        ArrayNode layers = o.putArray("layers");
        for (ImageBlobs.Layer l : image.layers()) {
            ObjectNode n = layers.addObject();
            n.put("digest", l.descriptor().digest());
            n.put("size", l.descriptor().size());
            n.put("mediaType", l.descriptor().mediaType());
            String name = l.descriptor().annotations().get(Labels.ANNOTATION_LAYER);
            if (name != null) { // the plan's layer name; "record" for the build record, "app" for app files
                n.put("name", name);
            }
            ArrayNode pk = n.putArray("packages");
            packages(l).forEach(pk::add);
        }
        return Json.pretty(o) + "\n";
    }

    static String table(ImageBlobs image) {
        StringBuilder sb = new StringBuilder("image " + image.manifest().digest() + "\n");
        sb.append(String.format("%3s  %-19s  %10s  %-10s  %s%n", "#", "DIGEST", "SIZE", "TYPE", "PACKAGES"));
        int i = 1;
        long total = 0;
        for (ImageBlobs.Layer l : image.layers()) {
            List<String> p = packages(l);
            String mt = l.descriptor().mediaType();
            sb.append(String.format(
                    "%3d  %-19s  %10s  %-10s  %s%n",
                    i++,
                    l.descriptor().digest().substring(0, 19),
                    human(l.descriptor().size()),
                    mt.substring(mt.lastIndexOf('.') + 1),
                    p.isEmpty() ? "-" : String.join(" ", p)));
            total += l.descriptor().size();
        }
        sb.append(String.format("%d layers, %s compressed%n", image.layers().size(), human(total)));
        List<String> fb = fromBase(image);
        if (!fb.isEmpty()) {
            sb.append("from base (not installed again): ")
                    .append(String.join(" ", fb))
                    .append('\n');
        }
        return sb.toString();
    }

    static String human(long n) {
        return dev.condock.util.Sizes.human(n);
    }
}

package dev.condock.pipeline;

import dev.condock.app.AppLayer;
import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.Manifests;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Workers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A build without packages ({@link BuildRequest.NoEnvironment}): the base's layers, the app layer (if any files)
 * and the config (labels, env, entrypoint/cmd...). Nothing is fetched, installed or scanned, and the base's
 * environment labels stay as they are: the image still holds the base's environment unchanged.
 */
final class AppOnlyImage {
    private AppOnlyImage() {}

    static BuildResult.PlatformImage build(
            BuildRequest req,
            PlatformInputs in,
            AppLayer app,
            List<ImageTarget> targets,
            BuildListener listener,
            Workers workers)
            throws CondockException {
        BaseImage base = in.base();
        List<ImageBlobs.Layer> layers = new ArrayList<>(base.layers());
        List<ConfigBuilder.AddedLayer> added = new ArrayList<>();
        List<BuildResult.LayerReport> reports = new ArrayList<>();
        if (app != null) {
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
        byte[] config = req.config()
                .apply(ConfigBuilder.build(
                        base.configBytes(), in.platform(), req.prefix(), req.mtime(), added, labels));
        Descriptor configDesc =
                new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length);
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(
                "org.opencontainers.image.created",
                Instant.ofEpochSecond(req.mtime()).toString());
        annotations.put(
                "org.opencontainers.image.description",
                "app files on " + (base.reference() != null ? base.reference() : "scratch") + ", built by condock");
        if (base.reference() != null) {
            annotations.put("org.opencontainers.image.base.name", base.reference());
            annotations.put("org.opencontainers.image.base.digest", base.digest());
        }
        ImageBlobs image = Manifests.assemble(configDesc, config, layers, annotations);
        ImageOutputs.writeAll(image, targets, listener, req.registry(), workers);
        listener.info("image " + image.manifest().digest());
        return new BuildResult.PlatformImage(
                in.platform(), image, in.virtualPackages(), null, in.lock(), reports, List.of(), false);
    }
}

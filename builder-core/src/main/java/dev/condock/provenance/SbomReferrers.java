package dev.condock.provenance;

import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * After a push: each image's SBOM (the very bytes in its record layer) goes to the same repository as an OCI 1.1
 * referrer of the image manifest, so registry tooling finds it without pulling the image.
 */
public final class SbomReferrers {
    private SbomReferrers() {}

    /** Pushes the SBOM of every image to every registry target; returns "repo@artifact-digest" per push. */
    public static List<String> push(
            SbomFormat format,
            List<ImageTarget> targets,
            List<ImageBlobs> images,
            long created,
            RegistryOptions options)
            throws CondockException {
        List<String> out = new ArrayList<>();
        if (format.fileName() == null) {
            return out;
        }
        JibRegistry registry = null;
        for (ImageTarget t : targets) {
            if (!(t instanceof RegistryTarget rt)) {
                continue;
            }
            registry = registry != null ? registry : new JibRegistry(options);
            ImageReference repo = ImageReference.parse(rt.reference());
            for (ImageBlobs image : images) {
                if (!RecordReader.hasRecord(image)) {
                    continue; // an image without packages (app files on a base) records nothing
                }
                byte[] sbom = RecordReader.files(RecordReader.recordLayer(image, rt.reference()), rt.reference())
                        .get(format.fileName());
                if (sbom == null) {
                    continue;
                }
                String d = registry.pushReferrer(
                        repo,
                        image.manifest(),
                        format.mediaType(),
                        sbom,
                        format.fileName(),
                        Map.of(
                                "org.opencontainers.image.created",
                                java.time.Instant.ofEpochSecond(created).toString()));
                out.add(repo.repositoryName() + "@" + d);
            }
        }
        return out;
    }
}

package dev.condock.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ImageBlobs;
import dev.condock.image.ImageTarget;
import dev.condock.model.Platform;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code build --from-image}: an image's record written back into a directory, with what its labels say about the
 * build (prefix, platform, created time, SBOM format), so the same inputs can be built again and the digests
 * compared.
 *
 * @param image    the image as given
 * @param digest   its manifest digest (what the rebuild is compared with)
 * @param dir      where the record's files now are
 * @param prefix   the prefix label, or null
 * @param platform the platform label, or null
 * @param mtime    the fixed mtime the image's layers were written with, epoch seconds, or null
 * @param sbom     the SBOM format the record holds
 * @param git      the git source and revision the image was labelled with (kept by the rebuild)
 */
public record FromImage(
        String image,
        String digest,
        Path dir,
        String prefix,
        String platform,
        Long mtime,
        SbomFormat sbom,
        GitSource git) {

    public static FromImage extract(String image, RegistryOptions options, Platform platform, Path cacheRoot)
            throws CondockException {
        ImageBlobs img = Images.read(ImageTarget.parse(image), options, platform);
        ImageBlobs.Layer recordLayer = RecordReader.recordLayer(img, image);
        Map<String, byte[]> files = RecordReader.files(recordLayer, image);
        Long mtime = RecordReader.entryMtime(recordLayer, image);
        Path dir = cacheRoot.resolve("from-image").resolve(img.manifest().hex());
        try {
            Files.createDirectories(dir);
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                AtomicFiles.write(dir.resolve(f.getKey()), f.getValue());
            }
            JsonNode cfg = Json.CANONICAL.readTree(img.configBytes());
            JsonNode labels = cfg.path("config").path("Labels");
            SbomFormat sbom = files.containsKey(SbomFormat.CYCLONEDX.fileName())
                    ? SbomFormat.CYCLONEDX
                    : files.containsKey(SbomFormat.SPDX.fileName()) ? SbomFormat.SPDX : SbomFormat.NONE;
            return new FromImage(
                    image,
                    img.manifest().digest(),
                    dir,
                    labels.path("dev.condock.prefix").asText(null),
                    labels.path("dev.condock.platform").asText(null),
                    mtime,
                    sbom,
                    new GitSource(
                            labels.path("org.opencontainers.image.source").asText(null),
                            labels.path("org.opencontainers.image.revision").asText(null)));
        } catch (IOException e) {
            throw CondockException.environment(image + ": cannot read its record: " + e.getMessage(), e);
        }
    }

    public Path file(String name) {
        Path p = dir.resolve(name);
        return Files.isRegularFile(p) ? p : null;
    }
}

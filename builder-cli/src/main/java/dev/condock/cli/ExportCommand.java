package dev.condock.cli;

import dev.condock.image.ImageBlobs;
import dev.condock.provenance.Export;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code condock export IMAGE -o DIR}: the environment file, condock.yaml, lock and SBOM an image was built from,
 * read from its record layer only (e.g. for {@code mlflow.log_artifacts(DIR)}).
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Write the environment file, spec, lock and SBOM recorded in an image into a directory.")
public final class ExportCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "IMAGE",
            description = "oci:DIR[:TAG], docker-archive:FILE or a registry HOST[:PORT]/REPO[:TAG|@DIGEST]")
    String image;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            required = true,
            description = "directory to write into")
    Path output;

    @Option(
            names = "--platform",
            paramLabel = "SUBDIR",
            description = "for a multi-platform image: which platform's record (default: this machine's)")
    String platform;

    @Option(names = "--json", description = "print the digest and the files written as JSON")
    boolean json;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    public Integer call() throws CondockException {
        ImageBlobs img = InspectCommand.read(image, platform, registry);
        Export.Result r = Export.export(img, image, output);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("digest", r.digest());
            o.put("files", r.files().stream().map(Path::toString).toList());
            System.out.println(Json.pretty(o));
        } else {
            System.out.println(r.digest());
            r.files().forEach(f -> System.out.println(f));
        }
        return 0;
    }
}

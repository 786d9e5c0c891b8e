package dev.condock.cli;

import dev.condock.provenance.Images;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.sign.CosignSignatures;
import dev.condock.sign.KeyFiles;
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
 * {@code condock verify IMAGE --key PUB [--json]}: exit 0 only when a signature by that key over the image's
 * current digest is in the registry; otherwise exit 1 and one line (admission scripts use --json).
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Verify a registry image's cosign key-based signature; exit 1 when missing or invalid.")
public final class VerifyCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "registry HOST[:PORT]/REPO[:TAG|@DIGEST]")
    String image;

    @Option(names = "--key", paramLabel = "PUB", required = true, description = "PEM public key")
    Path key;

    @Option(
            names = "--platform",
            paramLabel = "SUBDIR",
            description = "platform used to read the signature image (default: this machine's); a multi-platform "
                    + "tag is verified by its index digest")
    String platform;

    @Option(names = "--json", description = "print {image, digest, verified, reason} as JSON")
    boolean json;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    public Integer call() throws CondockException {
        ImageReference ref = ImageReference.parse(image.replaceFirst("^docker://", ""));
        var pub = KeyFiles.readPublic(key);
        var p = platform == null ? Images.host() : dev.condock.model.Platform.of(platform);
        CosignSignatures.Verification v = new CosignSignatures(new JibRegistry(registry.options())).verify(ref, p, pub);
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("image", v.image());
            o.put("digest", v.digest());
            o.put("verified", v.verified());
            o.put("reason", v.reason());
            System.out.println(Json.pretty(o));
        } else if (v.verified()) {
            System.out.println("verified " + v.image() + " " + v.digest());
        } else {
            System.err.println("condock: verify " + v.image() + ": " + v.reason());
        }
        return v.verified() ? 0 : 1;
    }
}

package dev.condock.cli;

import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.sign.CosignSignatures;
import dev.condock.sign.KeyFiles;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code condock sign IMAGE --key KEY}: a cosign-format signature pushed beside a registry image. */
@Command(
        name = "sign",
        mixinStandardHelpOptions = true,
        description = "Sign a registry image with a private key (cosign's key-based format, tag sha256-<hex>.sig).")
public final class SignCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "registry HOST[:PORT]/REPO[:TAG|@DIGEST]")
    String image;

    @Option(
            names = "--key",
            paramLabel = "KEY",
            required = true,
            description = "PEM private key (encrypted: password from CONDOCK_KEY_PASSWORD)")
    Path key;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    public Integer call() throws CondockException {
        ImageReference ref = ImageReference.parse(image.replaceFirst("^docker://", ""));
        var pk = KeyFiles.readPrivate(key, KeyFiles.passwordFromEnv());
        var signer = new CosignSignatures(new JibRegistry(registry.options()));
        // the digest the tag names (a multi-platform tag: its index), as cosign signs it
        signer.sign(ref, pk);
        System.out.println("signed " + ref);
        return 0;
    }
}

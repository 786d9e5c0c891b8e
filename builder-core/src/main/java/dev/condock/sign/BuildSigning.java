package dev.condock.sign;

import dev.condock.image.ImageTarget;
import dev.condock.image.RegistryTarget;
import dev.condock.registry.ImageReference;
import dev.condock.registry.JibRegistry;
import dev.condock.registry.RegistryOptions;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;

/** {@code build --sign-key}: the key is read before the build (a wrong password fails first), targets signed after. */
public final class BuildSigning {
    private final PrivateKey key;

    private BuildSigning(PrivateKey key) {
        this.key = key;
    }

    /** Reads the key and checks every target is a registry (a signature lives beside the image there). */
    public static BuildSigning prepare(Path keyFile, List<ImageTarget> targets) throws CondockException {
        for (ImageTarget t : targets) {
            if (!(t instanceof RegistryTarget)) {
                throw CondockException.user("--sign-key signs registry images; " + t + " is not a registry target");
            }
        }
        return new BuildSigning(KeyFiles.readPrivate(keyFile, KeyFiles.passwordFromEnv()));
    }

    /** Signs {@code digest} at every target; returns the references signed. */
    public List<String> sign(List<ImageTarget> targets, String digest, RegistryOptions options)
            throws CondockException {
        CosignSignatures signer = new CosignSignatures(new JibRegistry(options));
        List<String> out = new ArrayList<>();
        for (ImageTarget t : targets) {
            ImageReference ref = ImageReference.parse(((RegistryTarget) t).reference());
            signer.sign(ref, digest, key);
            out.add(ref.repositoryName() + "@" + digest);
        }
        return out;
    }
}

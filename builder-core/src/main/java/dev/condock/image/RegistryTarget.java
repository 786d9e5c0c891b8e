package dev.condock.image;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A registry reference ({@code [REGISTRY/]REPO[:TAG][@DIGEST]}, {@code docker://} stripped), as given: it is parsed
 * when pushed or pulled, by the registry client.
 */
public record RegistryTarget(String reference) implements ImageTarget {

    /**
     * The registry side of a push: implemented over a registry client (see {@code registry.TargetPusher}), so this
     * package does not depend on the registry package.
     */
    public interface Client {
        /** Fails if {@code reference} cannot be pushed to (it does not parse), before anything is pushed. */
        void check(String reference) throws CondockException;

        void push(String reference, ImageBlobs image) throws CondockException;

        void pushIndex(String reference, ImageIndex index) throws CondockException;
    }

    public RegistryTarget {
        Objects.requireNonNull(reference, "reference");
    }

    @Override
    public void checkWrite(Client registry) throws CondockException {
        registry.check(reference);
    }

    @Override
    public void write(ImageBlobs image, Client registry) throws CondockException {
        registry.push(reference, image);
    }

    @Override
    public void writeIndex(ImageIndex index, Client registry) throws CondockException {
        registry.pushIndex(reference, index);
    }

    @Override
    public RegistryTarget resolveAgainst(Path dir) {
        return this;
    }

    @Override
    public String toString() {
        return reference;
    }
}

package dev.condock.image;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where an image goes or comes from: {@code oci:DIR[:TAG]} (an OCI image layout, {@link OciTarget}),
 * {@code docker-archive:FILE[:NAME:TAG]} ({@link DockerArchiveTarget}), or a registry reference (anything else;
 * {@code docker://} accepted; {@link RegistryTarget}). Each kind writes itself: {@link #write(ImageBlobs,
 * RegistryTarget.Client)} and {@link #writeIndex(ImageIndex, RegistryTarget.Client)}.
 */
public sealed interface ImageTarget permits OciTarget, DockerArchiveTarget, RegistryTarget {

    static ImageTarget parse(String s) throws CondockException {
        if (s.startsWith("oci:")) {
            String rest = s.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon > 0 && !rest.substring(colon + 1).contains("/")) {
                String tag = rest.substring(colon + 1);
                checkTag(s, tag);
                return new OciTarget(Path.of(rest.substring(0, colon)), Optional.of(tag));
            }
            if (rest.isEmpty()) {
                throw CondockException.user("'" + s + "': oci: needs a directory (oci:DIR[:TAG])");
            }
            return new OciTarget(Path.of(rest), Optional.empty());
        }
        if (s.startsWith("docker-archive:")) {
            String rest = s.substring("docker-archive:".length());
            int colon = rest.indexOf(':');
            if (rest.isEmpty() || colon == 0) {
                throw CondockException.user(
                        "'" + s + "': docker-archive: needs a file (docker-archive:FILE[:NAME:TAG])");
            }
            if (colon > 0) {
                return new DockerArchiveTarget(
                        Path.of(rest.substring(0, colon)), Optional.of(rest.substring(colon + 1)));
            }
            return new DockerArchiveTarget(Path.of(rest), Optional.empty());
        }
        String ref = s.startsWith("docker://") ? s.substring("docker://".length()) : s;
        if (ref.isEmpty()
                || ref.chars().anyMatch(Character::isWhitespace)
                || s.matches("^(oci-archive|dir|containers-storage|docker-daemon|tar):.*")) {
            throw CondockException.user("'" + s + "': unsupported image target (use oci:DIR[:TAG], "
                    + "docker-archive:FILE or a registry reference)");
        }
        return new RegistryTarget(ref);
    }

    private static void checkTag(String s, String tag) throws CondockException {
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
            throw CondockException.user("'" + s + "': invalid tag '" + tag + "'");
        }
    }

    /** This target with a relative file or directory resolved against {@code dir} (a registry target as it is). */
    ImageTarget resolveAgainst(Path dir);

    /**
     * Fails if {@link #write(ImageBlobs, RegistryTarget.Client)} cannot go ahead (a registry reference that does not
     * parse): called for every target before any is written, so a bad last one leaves no first one half done.
     */
    default void checkWrite(RegistryTarget.Client registry) throws CondockException {}

    /** As {@link #checkWrite}, for a multi-platform image: a target that holds one platform refuses it. */
    default void checkWriteIndex(RegistryTarget.Client registry) throws CondockException {
        checkWrite(registry);
    }

    /** Writes (or pushes, through {@code registry}) one image here. */
    void write(ImageBlobs image, RegistryTarget.Client registry) throws CondockException;

    /** Writes (or pushes, through {@code registry}) a multi-platform image here. */
    void writeIndex(ImageIndex index, RegistryTarget.Client registry) throws CondockException;

    /** The text {@link #parse} reads back to an equal target. */
    @Override
    String toString();
}

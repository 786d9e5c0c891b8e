package dev.condock.image;

import dev.condock.util.CondockException;

import java.nio.file.Path;

/**
 * Where an image goes or comes from: {@code oci:DIR[:TAG]} (an OCI image layout), {@code docker-archive:FILE[:NAME:TAG]},
 * or a registry reference (anything else; {@code docker://} accepted).
 */
public record ImageTarget(Kind kind, Path path, String tag, String reference) {
    public enum Kind { OCI_LAYOUT, DOCKER_ARCHIVE, REGISTRY }

    public static ImageTarget parse(String s) throws CondockException {
        if (s.startsWith("oci:")) {
            String rest = s.substring(4);
            int colon = rest.lastIndexOf(':');
            if (colon > 0 && !rest.substring(colon + 1).contains("/")) {
                String tag = rest.substring(colon + 1);
                checkTag(s, tag);
                return new ImageTarget(Kind.OCI_LAYOUT, Path.of(rest.substring(0, colon)), tag, null);
            }
            if (rest.isEmpty()) {
                throw CondockException.user("'" + s + "': oci: needs a directory (oci:DIR[:TAG])");
            }
            return new ImageTarget(Kind.OCI_LAYOUT, Path.of(rest), null, null);
        }
        if (s.startsWith("docker-archive:")) {
            String rest = s.substring("docker-archive:".length());
            int colon = rest.indexOf(':');
            if (rest.isEmpty() || colon == 0) {
                throw CondockException.user("'" + s + "': docker-archive: needs a file (docker-archive:FILE[:NAME:TAG])");
            }
            if (colon > 0) {
                return new ImageTarget(Kind.DOCKER_ARCHIVE, Path.of(rest.substring(0, colon)), rest.substring(colon + 1),
                        null);
            }
            return new ImageTarget(Kind.DOCKER_ARCHIVE, Path.of(rest), null, null);
        }
        String ref = s.startsWith("docker://") ? s.substring("docker://".length()) : s;
        if (ref.isEmpty() || ref.chars().anyMatch(Character::isWhitespace)
                || s.matches("^(oci-archive|dir|containers-storage|docker-daemon|tar):.*")) {
            throw CondockException.user("'" + s + "': unsupported image target (use oci:DIR[:TAG], "
                    + "docker-archive:FILE or a registry reference)");
        }
        return new ImageTarget(Kind.REGISTRY, null, null, ref);
    }

    private static void checkTag(String s, String tag) throws CondockException {
        if (!tag.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
            throw CondockException.user("'" + s + "': invalid tag '" + tag + "'");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OCI_LAYOUT -> "oci:" + path + (tag == null ? "" : ":" + tag);
            case DOCKER_ARCHIVE -> "docker-archive:" + path + (tag == null ? "" : ":" + tag);
            case REGISTRY -> reference;
        };
    }
}

package dev.condock.smoke;

import java.nio.file.Path;

/** An image in an OCI layout on this machine, as every runtime here can take it: {@code oci:DIR:TAG}. */
public record LocalImage(Path dir, String tag) {
    @Override
    public String toString() {
        return "oci:" + dir + ":" + tag;
    }
}

package dev.condock.image;

import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code oci:DIR[:TAG]}: an OCI image layout directory. Without a tag, writing tags {@link OciLayout#DEFAULT_TAG}
 * and reading takes the layout's only image (or its "latest").
 */
public record OciTarget(Path dir, Optional<String> tag) implements ImageTarget {

    public OciTarget {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(tag, "tag");
    }

    public OciTarget(Path dir, String tag) {
        this(dir, Optional.of(tag));
    }

    public OciLayout layout() {
        return new OciLayout(dir);
    }

    /** The image this target names; an image index is an error. */
    public ImageBlobs read() throws CondockException {
        return layout().read(tag.orElse(null));
    }

    /** The image this target names, or {@code platform}'s image when it names an image index. */
    public ImageBlobs read(Platform platform) throws CondockException {
        return layout().read(tag.orElse(null), platform);
    }

    public void write(ImageBlobs image) throws CondockException {
        layout().write(image, tag.orElse(OciLayout.DEFAULT_TAG));
    }

    public void writeIndex(ImageIndex index) throws CondockException {
        layout().write(index, tag.orElse(OciLayout.DEFAULT_TAG));
    }

    @Override
    public void write(ImageBlobs image, RegistryTarget.Client registry) throws CondockException {
        write(image);
    }

    @Override
    public void writeIndex(ImageIndex index, RegistryTarget.Client registry) throws CondockException {
        writeIndex(index);
    }

    @Override
    public OciTarget resolveAgainst(Path base) {
        return new OciTarget(base.resolve(dir).normalize(), tag);
    }

    @Override
    public String toString() {
        return "oci:" + dir + tag.map(t -> ":" + t).orElse("");
    }
}

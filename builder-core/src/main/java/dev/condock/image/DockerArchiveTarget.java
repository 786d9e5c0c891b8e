package dev.condock.image;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code docker-archive:FILE[:NAME[:TAG]]}: a tar for {@code docker load}. It holds one platform's image, named
 * {@link #repoTag()}.
 */
public record DockerArchiveTarget(Path file, Optional<String> name) implements ImageTarget {
    /** The name an archive gets when the target gives none. */
    public static final String DEFAULT_REPO_TAG = "condock:latest";

    public DockerArchiveTarget {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
    }

    /** The RepoTags entry: the name given ({@code :latest} added when it has no tag), or {@value #DEFAULT_REPO_TAG}. */
    public String repoTag() {
        return name.map(n -> n.contains(":") ? n : n + ":latest").orElse(DEFAULT_REPO_TAG);
    }

    public ImageBlobs read() throws CondockException {
        return DockerArchive.read(file);
    }

    public void write(ImageBlobs image) throws CondockException {
        DockerArchive.write(image, file, repoTag());
    }

    @Override
    public void write(ImageBlobs image, RegistryTarget.Client registry) throws CondockException {
        write(image);
    }

    @Override
    public void checkWriteIndex(RegistryTarget.Client registry) throws CondockException {
        throw CondockException.user(
                "a multi-platform image cannot go into a docker-archive (it holds one " + "platform): " + this);
    }

    @Override
    public void writeIndex(ImageIndex index, RegistryTarget.Client registry) throws CondockException {
        checkWriteIndex(registry);
    }

    @Override
    public DockerArchiveTarget resolveAgainst(Path base) {
        return new DockerArchiveTarget(base.resolve(file).normalize(), name);
    }

    @Override
    public String toString() {
        return "docker-archive:" + file + name.map(n -> ":" + n).orElse("");
    }
}

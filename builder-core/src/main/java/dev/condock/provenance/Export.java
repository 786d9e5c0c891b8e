package dev.condock.provenance;

import dev.condock.image.ImageBlobs;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code condock export}: an image's record (environment file, condock.yaml, lock, SBOM) into a directory, read
 * from the record layer alone: what a training script logs next to the image digest.
 */
public final class Export {
    private Export() {}

    /** What export wrote: the image digest and the files, in name order. */
    public record Result(String digest, List<Path> files) {}

    public static Result export(ImageBlobs image, String name, Path dir) throws CondockException {
        Map<String, byte[]> files = RecordReader.files(RecordReader.recordLayer(image, name), name);
        List<Path> out = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            for (String f : new java.util.TreeSet<>(files.keySet())) {
                Path p = dir.resolve(f);
                AtomicFiles.write(p, files.get(f)); // temp name + rename: never a half-written file
                out.add(p);
            }
        } catch (IOException e) {
            throw CondockException.environment("cannot write to " + dir + ": " + e.getMessage(), e);
        }
        return new Result(image.manifest().digest(), out);
    }
}

package dev.condock.pipeline;

import dev.condock.image.ImageBlobs;

import java.util.List;

/** What a build made: the image (its manifest digest is the image digest) and what it noticed. */
public record BuildResult(ImageBlobs image, List<String> warnings) {
    public String digest() {
        return image.manifest().digest();
    }
}

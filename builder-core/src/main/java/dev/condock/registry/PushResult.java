package dev.condock.registry;

/**
 * The outcome of one push: the image digest (sha256 of the manifest bytes), the manifest size, how many layers
 * were uploaded, found already present, or mounted from another repository, and the bytes actually uploaded.
 */
public record PushResult(
        ImageReference target,
        String digest,
        long size,
        int pushed,
        int skipped,
        int mounted,
        long bytesUploaded,
        double seconds) {}

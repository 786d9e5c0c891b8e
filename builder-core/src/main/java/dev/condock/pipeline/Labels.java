package dev.condock.pipeline;

/** The labels and layer annotations condock writes, which inspect, diff and base inspection read back. */
public final class Labels {
    private Labels() {}

    public static final String LABEL_LOCK_SHA256 = "dev.condock.lock.sha256";
    public static final String LABEL_PACKAGES = "dev.condock.packages";
    public static final String LABEL_PREFIX = "dev.condock.prefix";
    public static final String LABEL_PLATFORM = "dev.condock.platform";
    public static final String LABEL_PYTHON = "dev.condock.python";
    /** The dists the image takes unchanged from its base (space separated). */
    public static final String LABEL_FROM_BASE = "dev.condock.from-base";
    /** The CUDA version the image is for (its cuda-version package, else the __cuda it was built for). */
    public static final String LABEL_CUDA = "dev.condock.cuda";
    /** On each layer descriptor: the dists whose files the layer holds, space separated. */
    public static final String ANNOTATION_PACKAGES = "dev.condock.packages";
    /** On each layer descriptor: the plan's name for the layer ("pytorch", "group-07"), which diff matches on. */
    public static final String ANNOTATION_LAYER = "dev.condock.layer";
}

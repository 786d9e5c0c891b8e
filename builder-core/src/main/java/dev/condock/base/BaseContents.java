package dev.condock.base;

import java.util.Map;

/**
 * What a base image holds that a build on it must know.
 *
 * @param prefix   the conda prefix the packages live in ("/opt/conda"), or null when the base holds none
 * @param packages by name
 * @param origin   how we learned it: "labels" (condock-built), "layers" (conda-meta read from the layers), "none"
 * @param glibc    the glibc version of the base's C library, or null (scratch, busybox, musl)
 * @param cuda     the CUDA version the base declares (CUDA_VERSION / NVIDIA_REQUIRE_CUDA), major.minor, or null
 */
public record BaseContents(String prefix, Map<String, BasePackage> packages, String origin, String glibc, String cuda) {
    public static final BaseContents NONE = new BaseContents(null, Map.of(), "none", null, null);

    public BaseContents {
        packages = Map.copyOf(packages);
    }
}

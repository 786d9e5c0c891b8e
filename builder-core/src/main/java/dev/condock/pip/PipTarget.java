package dev.condock.pip;

/**
 * The image the wheels are for: markers and wheel tags are evaluated for this, never for the host.
 *
 * @param pythonVersion  "3.11" (major.minor; a full "3.11.4" is accepted and used for python_full_version)
 * @param implementation "cp" (CPython) or "pp"
 * @param platform       conda subdir, "linux-64" or "linux-aarch64"
 * @param glibc          glibc of the image ("2.17"), or null for the manylinux2014 floor (2.17)
 */
public record PipTarget(String pythonVersion, String implementation, String platform, String glibc) {
    public PipTarget {
        if (!pythonVersion.matches("\\d+\\.\\d+(\\.\\d+)?")) {
            throw new IllegalArgumentException("python version must be X.Y or X.Y.Z: " + pythonVersion);
        }
    }

    /** "3.11" from "3.11.4". */
    public String pythonMajorMinor() {
        String[] p = pythonVersion.split("\\.");
        return p[0] + "." + p[1];
    }

    /** "x86_64" / "aarch64" for the subdir, as platform_machine and wheel platform tags spell it. */
    public String machine() {
        return switch (platform) {
            case "linux-64" -> "x86_64";
            case "linux-aarch64" -> "aarch64";
            case "linux-ppc64le" -> "ppc64le";
            case "linux-s390x" -> "s390x";
            default -> throw new IllegalArgumentException("pip: unsupported platform " + platform);
        };
    }
}

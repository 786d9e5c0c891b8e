package dev.condock.install;

import dev.condock.model.PythonAbi;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How packages are installed.
 *
 * @param prefix           absolute prefix inside the image ("/opt/conda"), no trailing slash
 * @param python           the python noarch: python packages install for; null when the environment has no
 *                         python ({@link EnvironmentInstaller} fills it from a python record)
 * @param stagingDir       scratch directory; the content of installed files is written under it
 * @param maxExpandedBytes bound on the bytes one package may expand to (hostile-archive guard)
 */
public record InstallOptions(String prefix, PythonAbi python, Path stagingDir, long maxExpandedBytes) {
    /** 16 GiB: above any real package (the largest CUDA/MKL libraries expand to a few GiB). */
    public static final long DEFAULT_MAX_EXPANDED_BYTES = 16L << 30;

    public InstallOptions {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(stagingDir, "stagingDir");
        if (!prefix.startsWith("/") || (prefix.length() > 1 && prefix.endsWith("/"))) {
            throw new IllegalArgumentException("prefix must be absolute without a trailing slash: " + prefix);
        }
        if (maxExpandedBytes <= 0) {
            throw new IllegalArgumentException("maxExpandedBytes must be positive");
        }
    }

    public InstallOptions withPython(PythonAbi abi) {
        return new InstallOptions(prefix, abi, stagingDir, maxExpandedBytes);
    }
}

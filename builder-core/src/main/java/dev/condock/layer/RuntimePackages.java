package dev.condock.layer;

import java.util.List;

/**
 * The stable heavy runtime: packages that change rarely and that most others depend on (cuda, python, compiler
 * runtimes, blas). Their layers go right above the base, so a change elsewhere never moves them.
 */
final class RuntimePackages {
    private static final List<String> EXACT = List.of(
            "python",
            "python_abi",
            "_libgcc_mutex",
            "_openmp_mutex",
            "libgcc",
            "libgcc-ng",
            "libstdcxx",
            "libstdcxx-ng",
            "libgomp",
            "libgfortran",
            "libgfortran-ng",
            "libgfortran5",
            "intel-openmp",
            "llvm-openmp",
            "libblas",
            "libcblas",
            "liblapack",
            "liblapacke",
            "openblas",
            "libopenblas",
            "blas",
            "mkl",
            "mkl-service",
            "tbb",
            "cudatoolkit",
            "cudnn",
            "nccl",
            "magma",
            "ld_impl_linux-64",
            "libzlib",
            "zlib",
            "openssl",
            "ca-certificates",
            "tzdata");
    private static final List<String> PREFIXES = List.of(
            "cuda-",
            "libcu",
            "libnv",
            "libnpp",
            "cudnn",
            "nccl",
            "magma-",
            "mkl-",
            "libgcc",
            "libstdcxx",
            "libgfortran");

    private RuntimePackages() {}

    static boolean isRuntime(String name) {
        if (EXACT.contains(name)) {
            return true;
        }
        for (String p : PREFIXES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}

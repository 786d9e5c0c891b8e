package dev.condock.lock;

import java.nio.file.Path;

/**
 * Where {@code lock}, {@code build} and {@code check} put and look for a lock when none is named: beside the
 * environment file. {@code environment.yml} (or .yaml) keeps the names users know ({@code conda-lock.yml},
 * {@code conda-lock.explicit.txt}); any other environment file gets its own, prefixed with its stem
 * ({@code train.yml} → {@code train.conda-lock.explicit.txt}), so two environments in one directory never
 * overwrite each other's lock.
 */
public final class DefaultLocks {
    public static final String CONDA_LOCK = "conda-lock.yml";
    public static final String EXPLICIT = "conda-lock.explicit.txt";

    private DefaultLocks() {}

    /** The @EXPLICIT lock a build that solved {@code environmentFile} writes, in {@code dir}. */
    public static Path explicitFor(Path environmentFile, Path dir) {
        return dir.resolve(prefix(environmentFile) + EXPLICIT);
    }

    /** The conda-lock.yml that {@code condock lock environmentFile} writes. */
    public static Path condaLockFor(Path environmentFile) {
        return dir(environmentFile).resolve(prefix(environmentFile) + CONDA_LOCK);
    }

    public static Path explicitFor(Path environmentFile) {
        return explicitFor(environmentFile, dir(environmentFile));
    }

    private static Path dir(Path environmentFile) {
        Path parent = environmentFile.toAbsolutePath().getParent();
        return parent != null ? parent : Path.of("").toAbsolutePath();
    }

    private static String prefix(Path environmentFile) {
        String name = environmentFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String stem = dot > 0 ? name.substring(0, dot) : name;
        return stem.equals("environment") ? "" : stem + ".";
    }
}

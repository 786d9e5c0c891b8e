package dev.condock.pkgbuild;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A package file {@link CondaPackageWriter} wrote, with its repodata fields: those of info/index.json plus
 * fn, md5, sha256 and size of {@code archive}.
 *
 * @param archive the .conda or .tar.bz2 on disk
 * @param fn      the archive's file name
 * @param index   the info/index.json it carries, for repodata
 */
public record BuiltPackage(
        Path archive,
        String name,
        String version,
        String build,
        long buildNumber,
        String subdir,
        String fn,
        String md5,
        String sha256,
        long size,
        long timestamp,
        List<String> depends,
        List<String> constrains,
        String noarch,
        String license,
        Map<String, Object> index) {

    public BuiltPackage {
        depends = List.copyOf(depends);
        constrains = List.copyOf(constrains);
        index = Map.copyOf(index);
    }

    /** "name-version-build", conda's dist string. */
    public String dist() {
        return name + "-" + version + "-" + build;
    }
}

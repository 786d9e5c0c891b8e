package dev.condock.pkgbuild;

import dev.condock.model.PackageRecord;

import java.nio.file.Path;
import java.util.Map;

/**
 * A package file {@link CondaPackageWriter} wrote.
 *
 * @param archive the .conda or .tar.bz2 on disk
 * @param record  its repodata record: index.json fields plus fn, md5, sha256 and size of {@code archive}
 * @param index   the info/index.json it carries, for repodata
 */
public record BuiltPackage(Path archive, PackageRecord record, Map<String, Object> index) {
    public BuiltPackage {
        index = Map.copyOf(index);
    }
}

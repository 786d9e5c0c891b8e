package dev.condock.testing;

import dev.condock.model.PackageRecord;
import dev.condock.pkgbuild.BuiltPackage;
import java.util.List;

/** Bridges the test kit (which knows no condock types) to builder-core's model. */
public final class Records {
    private Records() {}

    /** The repodata record of a package the kit wrote: its index.json fields plus fn, md5, sha256 and size. */
    public static PackageRecord of(BuiltPackage p) {
        return new PackageRecord(
                p.name(),
                p.version(),
                p.build(),
                p.buildNumber(),
                p.subdir(),
                p.fn(),
                null,
                null,
                p.md5(),
                p.sha256(),
                p.size(),
                p.timestamp(),
                p.depends(),
                p.constrains(),
                p.noarch(),
                p.license(),
                List.of(),
                null);
    }
}

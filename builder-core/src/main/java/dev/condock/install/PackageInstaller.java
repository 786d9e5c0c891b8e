package dev.condock.install;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Installs one package: reads its archive (already verified by the fetcher) and turns it into the entries it
 * contributes to the prefix, with file content staged under {@code stagingDir/<dist>/}. Runs nothing from the
 * package. Safe to call from several threads for different packages.
 */
public final class PackageInstaller {
    private final InstallOptions options;

    public PackageInstaller(InstallOptions options) {
        this.options = options;
    }

    public InstalledPackage install(PackageRecord record, Path archive) throws CondockException {
        return install(record, archive, null);
    }

    /** As {@link #install(PackageRecord, Path)}, recording the spec the user asked for in conda-meta. */
    public InstalledPackage install(PackageRecord record, Path archive, String requestedSpec) throws CondockException {
        String dist = checkedDist(record);
        Path work = options.stagingDir().resolve(dist);
        try {
            dev.condock.util.FileTrees.delete(work);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw CondockException.environment("cannot prepare staging directory " + work + ": " + e.getMessage(), e);
        }
        ExtractedPackage extracted;
        try {
            extracted = new ArchiveReader(dist, archive, work.resolve("raw"), options.maxExpandedBytes()).read();
        } catch (IOException e) {
            throw CondockException.environment("cannot read " + archive + ": " + e.getMessage(), e);
        }
        return new PackageLinker(record, extracted, options, work, requestedSpec).link();
    }

    /** name-version-build, refused when a field would make it a path outside conda-meta/ or the staging dir. */
    static String checkedDist(PackageRecord r) throws CondockException {
        String dist = r.dist();
        for (String field : new String[] {r.name(), r.version(), r.build()}) {
            if (field.isEmpty() || !field.matches("[A-Za-z0-9_.+!-]+") || field.startsWith(".")) {
                throw CondockException.user("package record '" + MemberNames.printable(dist)
                        + "': name, version and build must be plain conda identifiers");
            }
        }
        return dist;
    }
}

package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listings kept by archive sha256 give what reading the archive gives, and a bad entry is never used. */
class ListingCacheTest {
    private static final Path SHARED = Path.of("../shared/conda-testdata/packages");
    private static final PythonAbi PY = PythonAbi.find(
            List.of(PackageRecord.builder("python", "3.11.4", "h0").build()));

    @TempDir
    Path tmp;

    @Test
    void aCachedListingPlansAsTheArchiveDoes() throws Exception {
        Path listings = tmp.resolve("listings");
        for (String fn : List.of(
                "zlib-1.2.11-h7b6447c_3.conda",
                "clobber-with-symlink-a-0.1.0-h4616a5c_0.conda",
                "clobber-pynoarch-1-0.1.0-pyh4616a5c_0.tar.bz2",
                "sample_noarch_python-1.0-py_0.conda",
                "link-scripts-0.1.0-h4616a5c_0.conda",
                "mock-2.0.0-py37_1000.tar.bz2")) {
            Path archive = SHARED.resolve(fn);
            PackageRecord r = record(archive);
            PackagePaths direct = PackagePaths.read(r, archive, "/opt/conda", PY);
            PackagePaths first = PackagePaths.read(r, archive, "/opt/conda", PY, listings);
            assertTrue(Files.isRegularFile(listings.resolve(r.sha256() + ".json")), fn);
            // the second read cannot open the archive: it must come from the cache, and plan the same
            PackagePaths cached = PackagePaths.read(r, tmp.resolve("gone-" + fn), "/opt/conda", PY, listings);
            assertEquals(direct, first, fn);
            assertEquals(direct, cached, fn);
        }
    }

    @Test
    void aDamagedEntryIsDeletedAndTheArchiveReadAgain() throws Exception {
        Path listings = tmp.resolve("listings");
        Path archive = SHARED.resolve("zlib-1.2.11-h7b6447c_3.conda");
        PackageRecord r = record(archive);
        PackagePaths direct = PackagePaths.read(r, archive, "/opt/conda", PY, listings);
        Path entry = listings.resolve(r.sha256() + ".json");
        byte[] b = Files.readAllBytes(entry);
        String text = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        // a member renamed in the body: the header's checksum no longer matches
        String edited = text.replace("lib/libz.so", "lib/libZ.so");
        assertNotEquals(text, edited);
        Files.writeString(entry, edited);
        ListingCache cache = new ListingCache(listings);
        assertNull(cache.get(r.sha256()));
        assertFalse(Files.exists(entry));
        assertEquals(direct, PackagePaths.read(r, archive, "/opt/conda", PY, listings));
        assertTrue(Files.exists(entry));
        Files.write(entry, new byte[] {1, 2, 3}); // torn
        assertNull(cache.get(r.sha256()));
    }

    private static PackageRecord record(Path archive) throws Exception {
        return Fixtures.recordFor(archive).toBuilder()
                .sha256(Hashing.sha256Hex(Files.readAllBytes(archive)))
                .size(Files.size(archive))
                .build();
    }
}

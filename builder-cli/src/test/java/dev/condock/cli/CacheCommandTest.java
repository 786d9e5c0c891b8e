package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.Corrupt;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** condock cache info|verify|prune on a cache a real build filled (plus a hand-placed package entry). */
class CacheCommandTest {
    @TempDir
    Path tmp;

    @Test
    void infoVerifyAndPrune() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path cache = tmp.resolve("cache");
        Fixtures.Run b = Fixtures.cli(
                "build", "--lock", lock.toString(), "--to", "oci:" + tmp.resolve("oci"), "--cache", cache.toString());
        assertEquals(0, b.exit(), b.err());
        byte[] body = "package bytes".getBytes(StandardCharsets.UTF_8);
        String sha = Hashing.sha256Hex(body);
        Path pkg = Files.createDirectories(cache.resolve("pkgs/sha256")).resolve(sha + ".conda");
        Files.write(pkg, body);
        Files.writeString(pkg.resolveSibling(sha + ".conda.hashes"), "garbage\n");

        Fixtures.Run info = Fixtures.cli("cache", "info", "--cache", cache.toString(), "--json");
        assertEquals(0, info.exit(), info.err());
        JsonNode n = Json.CANONICAL.readTree(info.out());
        long blobs = n.path("kinds").path("blobs").path("bytes").asLong();
        assertTrue(blobs > 0, info.out());
        assertEquals(1, n.path("kinds").path("pkgs").path("files").asLong() - 1, info.out());
        assertTrue(n.path("totalBytes").asLong() >= blobs);
        Fixtures.Run text = Fixtures.cli("cache", "info", "--cache", cache.toString());
        assertTrue(text.out().contains("blobs") && text.out().contains("total"), text.out());

        Path blob;
        try (var s = Files.list(cache.resolve("blobs/sha256"))) {
            blob = s.filter(p -> !p.getFileName().toString().startsWith("."))
                    .findFirst()
                    .orElseThrow();
        }
        Corrupt.flip(blob, 10);
        Fixtures.Run v = Fixtures.cli("cache", "verify", "--cache", cache.toString(), "--json");
        assertEquals(1, v.exit(), v.out() + v.err());
        JsonNode vn = Json.CANONICAL.readTree(v.out());
        assertEquals(2, vn.path("bad").size(), v.out());
        assertTrue(v.out().contains(blob.getFileName().toString()) && v.out().contains("sidecar"), v.out());
        assertFalse(Files.exists(blob), "the corrupt blob is removed");
        assertEquals(
                sha + " " + Hashing.md5Hex(pkg) + " " + body.length + "\n",
                Files.readString(pkg.resolveSibling(sha + ".conda.hashes")),
                "the sidecar is written again");
        Fixtures.Run again = Fixtures.cli("cache", "verify", "--cache", cache.toString());
        assertEquals(0, again.exit(), again.out());
        assertTrue(again.out().contains(", 0 bad"), again.out());

        // the next build heals the removed blob and gives the same image
        Fixtures.Run b2 = Fixtures.cli(
                "build", "--lock", lock.toString(), "--to", "oci:" + tmp.resolve("oci2"), "--cache", cache.toString());
        assertEquals(0, b2.exit(), b2.err());
        assertEquals(b.out(), b2.out());
        assertTrue(Files.exists(blob));

        assertEquals(
                2,
                Fixtures.cli("cache", "prune", "--cache", cache.toString(), "--max-size", "12Q")
                        .exit());
        Fixtures.Run keep = Fixtures.cli("cache", "prune", "--cache", cache.toString(), "--older-than", "1d");
        assertEquals(0, keep.exit(), keep.err());
        assertTrue(keep.out().startsWith("removed 0 entries"), keep.out());
        Fixtures.Run all = Fixtures.cli("cache", "prune", "--cache", cache.toString(), "--max-size", "0");
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().endsWith("0 B remain\n"), all.out());
        try (var s = Files.list(cache.resolve("blobs/sha256"))) {
            assertEquals(0, s.count());
        }
        assertFalse(Files.exists(pkg.resolveSibling(sha + ".conda.hashes")), "a sidecar goes with its archive");
        assertEquals(2, Fixtures.cli("cache").exit());
    }
}

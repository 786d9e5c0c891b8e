package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** build --sbom, export, keygen and the user errors of sign/verify, through the CLI. */
class ProvenanceCommandsTest {
    @TempDir
    Path tmp;

    @Test
    void exportWritesTheLockAndTheSbomTheBuildRecorded() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run b = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--sbom",
                "cyclonedx",
                "--to",
                "oci:" + tmp.resolve("oci"));
        assertEquals(0, b.exit(), b.err());
        Fixtures.Run e = Fixtures.cli(
                "export", "oci:" + tmp.resolve("oci"), "-o", tmp.resolve("out").toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        JsonNode j = Json.CANONICAL.readTree(e.out());
        assertEquals(b.out().strip(), j.path("digest").asText());
        assertEquals(2, j.path("files").size(), e.out());
        assertArrayEquals(Files.readAllBytes(lock), Files.readAllBytes(tmp.resolve("out/conda-lock.explicit.txt")));
        assertEquals(
                "CycloneDX",
                Json.CANONICAL
                        .readTree(tmp.resolve("out/sbom.cdx.json").toFile())
                        .path("bomFormat")
                        .asText());
        Fixtures.Run inspect = Fixtures.cli("inspect", "oci:" + tmp.resolve("oci"));
        assertEquals(0, inspect.exit(), inspect.err());
        Fixtures.Run again = Fixtures.cli(
                "build",
                "--from-image",
                "oci:" + tmp.resolve("oci"),
                "--cache",
                tmp.resolve("cache2").toString(),
                "--to",
                "oci:" + tmp.resolve("again"),
                "--json");
        assertEquals(0, again.exit(), again.err());
        JsonNode aj = Json.CANONICAL.readTree(again.out());
        assertEquals(b.out().strip(), aj.path("digest").asText());
        assertTrue(aj.path("identical").asBoolean(), again.out());
        assertTrue(again.err().contains("identical to oci:"), again.err());
    }

    @Test
    void badSbomFormatAndAnImageWithoutRecordAreUserErrors() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Fixtures.Run b = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--sbom",
                "swid",
                "--to",
                "oci:" + tmp.resolve("oci"));
        assertEquals(2, b.exit());
        assertTrue(b.err().contains("--sbom must be spdx, cyclonedx or none"), b.err());
        Fixtures.Run none = Fixtures.cli(
                "export",
                "oci:" + tmp.resolve("missing"),
                "-o",
                tmp.resolve("o").toString());
        assertEquals(2, none.exit(), none.err());
    }

    @Test
    void keygenWritesAPrivateKeyOnlyItsOwnerReadsAndNeverPrintsIt() throws Exception {
        Fixtures.Run k = Fixtures.cli("keygen", "-o", tmp.resolve("keys").toString());
        assertEquals(0, k.exit(), k.err());
        String priv = Files.readString(tmp.resolve("keys/condock.key"));
        assertTrue(priv.startsWith("-----BEGIN PRIVATE KEY-----"), priv.substring(0, 30));
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("keys/condock.key"))));
        assertTrue(Files.readString(tmp.resolve("keys/condock.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        String body =
                priv.lines().filter(l -> !l.startsWith("-----")).findFirst().orElseThrow();
        assertFalse(k.out().contains(body) || k.err().contains(body));
        Fixtures.Run again = Fixtures.cli("keygen", "-o", tmp.resolve("keys").toString());
        assertEquals(2, again.exit(), "an existing key is never overwritten");
        Fixtures.Run signLocal = Fixtures.cli(
                "build",
                "--lock",
                Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA).toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--sign-key",
                tmp.resolve("keys/condock.key").toString(),
                "--to",
                "oci:" + tmp.resolve("oci"));
        assertEquals(2, signLocal.exit());
        assertTrue(signLocal.err().contains("not a registry target"), signLocal.err());
        Fixtures.Run verifyBadKey = Fixtures.cli(
                "verify",
                "127.0.0.1:1/x:1",
                "--key",
                tmp.resolve("keys/condock.key").toString());
        assertEquals(2, verifyBadKey.exit(), "a private key is no public key: " + verifyBadKey.err());
        assertFalse(verifyBadKey.err().contains(body));
    }
}

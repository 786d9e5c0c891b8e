package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.cli.Fixtures;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.util.Json;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** inspect of a registry image finds what condock put beside it: the SBOM referrer and the cosign signature. */
@Tag("e2e")
class InspectRegistryE2ETest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void registry() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry/openssl/htpasswd not installed");
        LocalRegistry.start(Mode.HTTP);
    }

    @Test
    void inspectListsTheSbomReferrerAndTheSignature() throws Exception {
        String host = Mode.HTTP.host();
        Fixtures.Run k = Fixtures.cli("keygen", "-o", tmp.resolve("keys").toString());
        assertEquals(0, k.exit(), k.err());
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        String signed = host + "/inspect/signed:1";
        String plain = host + "/inspect/plain:1";
        Fixtures.Run b = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("c").toString(),
                "--insecure-registry",
                host,
                "--sign-key",
                tmp.resolve("keys/condock.key").toString(),
                "--to",
                signed);
        assertEquals(0, b.exit(), b.err());
        Fixtures.Run p = Fixtures.cli(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                tmp.resolve("c").toString(),
                "--insecure-registry",
                host,
                "--sbom",
                "none",
                "--label",
                "kind=plain",
                "--to",
                plain);
        assertEquals(0, p.exit(), p.err());

        Fixtures.Run i = Fixtures.cli("inspect", signed, "--insecure-registry", host, "--json");
        assertEquals(0, i.exit(), i.err());
        JsonNode j = Json.CANONICAL.readTree(i.out());
        assertEquals(b.out().strip(), j.path("digest").asText());
        assertEquals(1, j.path("referrers").size(), i.out());
        assertEquals(
                "application/spdx+json",
                j.path("referrers").get(0).path("artifactType").asText(),
                i.out());
        assertTrue(
                j.path("signature")
                        .asText()
                        .endsWith(":sha256-" + b.out().strip().substring(7) + ".sig"),
                i.out());

        Fixtures.Run text = Fixtures.cli("inspect", plain, "--insecure-registry", host);
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("signature none"), text.out());
        assertTrue(!text.out().contains("referrer "), text.out());
    }
}

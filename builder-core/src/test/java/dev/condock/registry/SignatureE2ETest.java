package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.image.Descriptor;
import dev.condock.model.Platform;
import dev.condock.pipeline.BuildListener;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.Condock;
import dev.condock.provenance.ProvenanceFixtures;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.sign.CosignSignatures;
import dev.condock.sign.KeyFiles;
import dev.condock.sign.SimpleSigning;
import dev.condock.testkit.Scratch;
import dev.condock.util.CondockException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cosign-format signatures on Debian's docker-registry: made by build --sign-key, checked by openssl independently
 * of condock, and verify fails closed on another key, a changed payload and a re-tagged image.
 */
@Tag("e2e")
class SignatureE2ETest {
    private static final Platform P = Platform.LINUX_64;

    @TempDir
    Path tmp;

    @BeforeAll
    static void registry() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry/openssl/htpasswd not installed");
        LocalRegistry.start(Mode.HTTP);
    }

    private String build(Path spec, String ref, RegistryOptions opts, Path key, String marker) throws Exception {
        return new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(spec)
                        .cacheRoot(tmp.resolve("cache"))
                        .registry(opts)
                        .to(ref)
                        .labels(Map.of("marker", marker))
                        .signKey(key)
                        .lockOut(tmp.resolve("out.lock"))
                        .build())
                .digest();
    }

    @Test
    void signedBuildVerifiesHereAndWithOpensslAndFailsClosedOtherwise() throws Exception {
        RegistryOptions opts = RegistryE2ETest.options(Mode.HTTP);
        JibRegistry client = new JibRegistry(opts);
        Path keys = tmp.resolve("keys");
        KeyFiles.write(KeyFiles.generate(), keys, null);
        Path other = tmp.resolve("other");
        KeyFiles.write(KeyFiles.generate(), other, "pw".toCharArray());
        PublicKey pub = KeyFiles.readPublic(keys.resolve("condock.pub"));
        Path spec = ProvenanceFixtures.spec(tmp.resolve("spec"), ProvenanceFixtures.channel(tmp));
        String repo = Mode.HTTP.host() + "/signed/train";
        ImageReference ref = ImageReference.parse(repo + ":1");

        String digest = build(spec, repo + ":1", opts, keys.resolve("condock.key"), "a");
        CosignSignatures cosign = new CosignSignatures(client);
        var ok = cosign.verify(ref, P, pub);
        assertTrue(ok.verified(), ok.reason());
        assertEquals(digest, ok.digest());

        // independently of condock: payload and signature from the registry, checked by openssl
        ImageReference sigRef = ImageReference.parse(repo + ":" + CosignSignatures.signatureTag(digest));
        RemoteImage sig = client.pull(sigRef, P);
        Descriptor layer = sig.layers().get(0);
        assertEquals(SimpleSigning.MEDIA_TYPE, layer.mediaType());
        byte[] payload;
        try (InputStream in = client.blobSource(sigRef, layer).open()) {
            payload = in.readAllBytes();
        }
        String text = new String(payload, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"docker-manifest-digest\":\"" + digest + "\""), text);
        assertTrue(text.contains("\"docker-reference\":\"" + repo + "\""), text);
        Files.write(tmp.resolve("payload"), payload);
        Files.write(
                tmp.resolve("sig.der"),
                Base64.getDecoder().decode(layer.annotations().get(SimpleSigning.SIGNATURE_ANNOTATION)));
        Tool.Result r = Tool.run(
                tmp,
                Map.of(),
                30,
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                keys.resolve("condock.pub").toString(),
                "-signature",
                "sig.der",
                "payload");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("Verified OK"), r.output());
        Tool.Result bad = Tool.run(
                tmp,
                Map.of(),
                30,
                "openssl",
                "dgst",
                "-sha256",
                "-verify",
                other.resolve("condock.pub").toString(),
                "-signature",
                "sig.der",
                "payload");
        assertFalse(bad.exit() == 0, "openssl must reject another key: " + bad.output());

        // another key
        var wrongKey = cosign.verify(ref, P, KeyFiles.readPublic(other.resolve("condock.pub")));
        assertFalse(wrongKey.verified());

        // a changed payload under the original signature
        byte[] tampered =
                text.replace("\"optional\":null", "\"optional\":{\"x\":\"y\"}").getBytes(StandardCharsets.UTF_8);
        client.push(
                sigRef,
                tamperedImage(tampered, layer.annotations().get(SimpleSigning.SIGNATURE_ANNOTATION)),
                PushListener.NONE);
        var changed = cosign.verify(ref, P, pub);
        assertFalse(changed.verified(), changed.reason());
        cosign.sign(ref, digest, KeyFiles.readPrivate(keys.resolve("condock.key"), null)); // restore

        // re-tagged: the tag now names another image, signed by nobody
        String digestB = build(spec, repo + ":1", opts, null, "b");
        assertFalse(digestB.equals(digest));
        var retagged = cosign.verify(ref, P, pub);
        assertFalse(retagged.verified());
        assertTrue(retagged.reason().contains("no signature"), retagged.reason());
        // and A's signature copied to B's signature tag does not pass for B
        ImageReference sigB = ImageReference.parse(repo + ":" + CosignSignatures.signatureTag(digestB));
        client.push(
                sigB,
                tamperedImage(payload, layer.annotations().get(SimpleSigning.SIGNATURE_ANNOTATION)),
                PushListener.NONE);
        var copied = cosign.verify(ref, P, pub);
        assertFalse(copied.verified());
        assertTrue(copied.reason().contains("not " + digestB), copied.reason());

        // the signature tag and the SBOM referrer index do not disturb reading the image itself
        assertEquals(
                digestB,
                RegistryE2ETest.skopeoInspect(Mode.HTTP, repo + ":1")
                        .path("Digest")
                        .asText());
        if (Consumers.available()) {
            try (Consumers c = new Consumers(Scratch.dir("condock-sig-consumers"))) {
                Tool.Result ppull = c.podman("pull", "-q", "--tls-verify=false", repo + ":1");
                assertEquals(0, ppull.exit(), ppull.output());
                Tool.Result pdigest = c.podman("image", "inspect", "--format", "{{.Digest}}", repo + ":1");
                assertEquals(digestB, pdigest.output().strip(), pdigest.output());
                c.startContainerd();
                Tool.Result cpull = c.ctr("image", "pull", "--hosts-dir", c.hostsDir(), repo + ":1");
                assertEquals(0, cpull.exit(), cpull.output());
                Tool.Result cls = c.ctr("image", "ls", "-q");
                assertTrue(cls.output().contains(repo + ":1"), cls.output());
                Tool.Result cinfo = c.ctr("image", "ls");
                assertTrue(cinfo.output().contains(digestB), cinfo.output());
            }
        }
    }

    @Test
    void encryptedKeyNeedsItsPassword() throws Exception {
        Path keys = tmp.resolve("keys");
        KeyFiles.write(KeyFiles.generate(), keys, "s3cret-pw".toCharArray());
        String pem = Files.readString(keys.resolve("condock.key"));
        assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), "encrypted PKCS#8");
        CondockException none =
                assertThrows(CondockException.class, () -> KeyFiles.readPrivate(keys.resolve("condock.key"), null));
        assertTrue(none.getMessage().contains("CONDOCK_KEY_PASSWORD"));
        CondockException wrong = assertThrows(
                CondockException.class, () -> KeyFiles.readPrivate(keys.resolve("condock.key"), "nope".toCharArray()));
        assertFalse(wrong.getMessage().contains("nope"));
        KeyFiles.readPrivate(keys.resolve("condock.key"), "s3cret-pw".toCharArray());
        // openssl reads it too (standard PKCS#8 with AES-256)
        Tool.Result r = Tool.run(
                keys, Map.of(), 30, "openssl", "pkey", "-in", "condock.key", "-passin", "pass:s3cret-pw", "-noout");
        assertEquals(0, r.exit(), r.output());
        assertThrows(
                CondockException.class,
                () -> KeyFiles.write(KeyFiles.generate(), keys, null),
                "an existing key is never overwritten");
    }

    /** A signature image with these payload bytes under this signature, as an attacker could push it. */
    private static dev.condock.image.ImageBlobs tamperedImage(byte[] payload, String sig) {
        return CosignSignatures.signatureImage(payload, sig);
    }
}

package dev.condock.sign;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.Manifests;
import dev.condock.model.Platform;
import dev.condock.registry.ImageReference;
import dev.condock.registry.PushListener;
import dev.condock.registry.Registry;
import dev.condock.registry.RemoteImage;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Cosign's key-based signature layout on a registry: an OCI image at tag {@code sha256-<hex>.sig} in the image's
 * repository whose layer is the simple-signing payload, with the base64 DER ECDSA signature in the
 * {@code dev.cosignproject.cosign/signature} annotation. Verification fails closed: no signature, a signature by
 * another key, or one over another digest is a failure, never a warning.
 */
public final class CosignSignatures {
    private final Registry registry;

    public CosignSignatures(Registry registry) {
        this.registry = registry;
    }

    /** The outcome of a verification: the image's digest, and whether and why (not) it verified. */
    public record Verification(String image, String digest, boolean verified, String reason) {}

    /** The tag cosign keeps an image's signatures under. */
    public static String signatureTag(String digest) {
        return digest.replace(':', '-') + ".sig";
    }

    /** Signs the image at {@code ref} (resolved to its manifest digest) and pushes the signature; returns its digest. */
    public String sign(ImageReference ref, PrivateKey key) throws CondockException {
        // the tag's own digest: for a multi-platform tag the index, as cosign signs it
        return sign(ref, registry.digestOf(ref), key);
    }

    /** Signs {@code digest} (an image of {@code ref}'s repository) and pushes the signature image. */
    public String sign(ImageReference ref, String digest, PrivateKey key) throws CondockException {
        byte[] payload = SimpleSigning.payload(ref.repositoryName(), digest);
        byte[] sig = signBytes(key, payload);
        ImageBlobs image = signatureImage(payload, Base64.getEncoder().encodeToString(sig));
        ImageReference at = new ImageReference(ref.registry(), ref.repository(), signatureTag(digest), null);
        registry.push(at, image, PushListener.NONE);
        return image.manifest().digest();
    }

    /** The signature image: one payload layer, a config naming it, no clock (same key + digest → same layer). */
    public static ImageBlobs signatureImage(byte[] payload, String signatureBase64) {
        String payloadDigest = "sha256:" + Hashing.sha256Hex(payload);
        Descriptor layer = new Descriptor(
                SimpleSigning.MEDIA_TYPE,
                payloadDigest,
                payload.length,
                Map.of(SimpleSigning.SIGNATURE_ANNOTATION, signatureBase64));
        byte[] config = ("{\"architecture\":\"\",\"config\":{},\"created\":\"0001-01-01T00:00:00Z\",\"history\":"
                        + "[{\"created\":\"0001-01-01T00:00:00Z\"}],\"os\":\"\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\""
                        + payloadDigest + "\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        Descriptor configDesc =
                new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length);
        return Manifests.assemble(
                configDesc,
                config,
                List.of(new ImageBlobs.Layer(layer, () -> new ByteArrayInputStream(payload), null)),
                Map.of());
    }

    /** Verifies the image at {@code ref} against {@code key}; never throws for a bad or missing signature. */
    public Verification verify(ImageReference ref, Platform platform, PublicKey key) throws CondockException {
        String digest = registry.digestOf(ref);
        ImageReference sigRef = new ImageReference(ref.registry(), ref.repository(), signatureTag(digest), null);
        RemoteImage sigs;
        try {
            sigs = registry.pull(sigRef, platform);
        } catch (CondockException e) {
            return new Verification(ref.toString(), digest, false, "no signature found for " + digest);
        }
        List<String> problems = new ArrayList<>();
        for (Descriptor layer : sigs.layers()) {
            if (!SimpleSigning.MEDIA_TYPE.equals(layer.mediaType())) {
                continue;
            }
            String b64 = layer.annotations().get(SimpleSigning.SIGNATURE_ANNOTATION);
            if (b64 == null) {
                problems.add("a signature layer without its signature annotation");
                continue;
            }
            byte[] payload;
            try (InputStream in = registry.blobSource(sigRef, layer).open()) {
                payload = in.readAllBytes();
            } catch (IOException e) {
                problems.add("cannot read a signature payload: " + e.getMessage());
                continue;
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(b64.strip());
            } catch (IllegalArgumentException e) {
                problems.add("a signature that is not base64");
                continue;
            }
            if (!verifyBytes(key, payload, sig)) {
                problems.add("signature does not verify with this key (another key, or a changed payload)");
                continue;
            }
            String signed = SimpleSigning.signedDigest(payload);
            if (!digest.equals(signed)) {
                problems.add("the signature is for " + signed + ", not " + digest);
                continue;
            }
            return new Verification(ref.toString(), digest, true, "signature verified");
        }
        return new Verification(
                ref.toString(),
                digest,
                false,
                problems.isEmpty() ? "no cosign signature layer at " + sigRef : String.join("; ", problems));
    }

    /** SHA256withECDSA, DER-encoded (what cosign writes and openssl dgst -verify reads). */
    public static byte[] signBytes(PrivateKey key, byte[] data) throws CondockException {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(key);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw CondockException.user(
                    "cannot sign with this key: " + e.getClass().getSimpleName());
        }
    }

    static boolean verifyBytes(PublicKey key, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}

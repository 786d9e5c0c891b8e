package dev.condock.sign;

import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.EncryptionScheme;
import org.bouncycastle.asn1.pkcs.KeyDerivationFunc;
import org.bouncycastle.asn1.pkcs.PBES2Parameters;
import org.bouncycastle.asn1.pkcs.PBKDF2Params;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;

/**
 * PKCS#8 private keys encrypted with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), what {@code openssl pkcs8 -topk8}
 * writes by default. The ciphers are the JDK's own; bouncycastle only encodes the ASN.1, so its JCA provider (which
 * loads every algorithm it has by name and would have to ship whole in the jar) is not needed.
 */
final class Pbes2 {
    private static final int ITERATIONS = 600_000;

    private Pbes2() {}

    /** The DER of an EncryptedPrivateKeyInfo holding {@code pkcs8}. */
    static byte[] encrypt(byte[] pkcs8, char[] password) throws GeneralSecurityException, java.io.IOException {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[16];
        byte[] iv = new byte[16];
        random.nextBytes(salt);
        random.nextBytes(iv);
        AlgorithmIdentifier prf = new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE);
        byte[] ct = cipher(Cipher.ENCRYPT_MODE, password, salt, ITERATIONS, "PBKDF2WithHmacSHA256", 32, iv)
                .doFinal(pkcs8);
        PBES2Parameters params = new PBES2Parameters(
                new KeyDerivationFunc(PKCSObjectIdentifiers.id_PBKDF2, new PBKDF2Params(salt, ITERATIONS, 32, prf)),
                new EncryptionScheme(NISTObjectIdentifiers.id_aes256_CBC, new DEROctetString(iv)));
        return new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_PBES2, params), ct)
                .getEncoded();
    }

    /** The PKCS#8 bytes inside {@code info}: PBES2 with PBKDF2 (HMAC-SHA1/SHA256) and AES-128/192/256-CBC. */
    static byte[] decrypt(EncryptedPrivateKeyInfo info, char[] password) throws GeneralSecurityException {
        AlgorithmIdentifier alg = info.getEncryptionAlgorithm();
        if (!PKCSObjectIdentifiers.id_PBES2.equals(alg.getAlgorithm())) {
            throw new GeneralSecurityException("not PBES2: " + alg.getAlgorithm());
        }
        PBES2Parameters params = PBES2Parameters.getInstance(alg.getParameters());
        PBKDF2Params kdf =
                PBKDF2Params.getInstance(params.getKeyDerivationFunc().getParameters());
        ASN1ObjectIdentifier prf = kdf.getPrf().getAlgorithm();
        String kdfName = PKCSObjectIdentifiers.id_hmacWithSHA256.equals(prf)
                ? "PBKDF2WithHmacSHA256"
                : PKCSObjectIdentifiers.id_hmacWithSHA1.equals(prf) ? "PBKDF2WithHmacSHA1" : null;
        ASN1ObjectIdentifier scheme = params.getEncryptionScheme().getAlgorithm();
        int keyBytes = NISTObjectIdentifiers.id_aes256_CBC.equals(scheme)
                ? 32
                : NISTObjectIdentifiers.id_aes192_CBC.equals(scheme)
                        ? 24
                        : NISTObjectIdentifiers.id_aes128_CBC.equals(scheme) ? 16 : -1;
        if (kdfName == null || keyBytes < 0) {
            throw new GeneralSecurityException("unsupported PBES2 parameters");
        }
        byte[] iv = ASN1OctetString.getInstance(params.getEncryptionScheme().getParameters())
                .getOctets();
        return cipher(
                        Cipher.DECRYPT_MODE,
                        password,
                        kdf.getSalt(),
                        kdf.getIterationCount().intValueExact(),
                        kdfName,
                        keyBytes,
                        iv)
                .doFinal(info.getEncryptedData());
    }

    private static Cipher cipher(
            int mode, char[] password, byte[] salt, int iterations, String kdf, int keyBytes, byte[] iv)
            throws GeneralSecurityException {
        byte[] key = SecretKeyFactory.getInstance(kdf)
                .generateSecret(new PBEKeySpec(password, salt, iterations, keyBytes * 8))
                .getEncoded();
        Cipher c = Cipher.getInstance("AES/CBC/PKCS5Padding");
        c.init(mode, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return c;
    }
}

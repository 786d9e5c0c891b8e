package dev.condock.sign;

import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * ECDSA P-256 keys as PEM, the files cosign's key-based verification also reads: the public key as PKIX
 * "PUBLIC KEY", the private key as PKCS#8 ("PRIVATE KEY", or "ENCRYPTED PRIVATE KEY" with AES-256 and a password).
 * Key material and passwords never reach a message.
 */
public final class KeyFiles {
    private KeyFiles() {}

    /** The environment variable holding the private key's password (absent or empty: unencrypted). */
    public static final String PASSWORD_ENV = "CONDOCK_KEY_PASSWORD";

    public static final String PRIVATE_NAME = "condock.key";
    public static final String PUBLIC_NAME = "condock.pub";

    public static KeyPair generate() throws CondockException {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw CondockException.environment("cannot generate an ECDSA P-256 key: " + e.getMessage(), e);
        }
    }

    /** Writes DIR/condock.key (mode 600) and DIR/condock.pub; refuses to overwrite a key. */
    public static void write(KeyPair pair, Path dir, char[] password) throws CondockException {
        Path priv = dir.resolve(PRIVATE_NAME);
        Path pub = dir.resolve(PUBLIC_NAME);
        if (Files.exists(priv) || Files.exists(pub)) {
            throw CondockException.user(
                    dir + ": " + PRIVATE_NAME + " or " + PUBLIC_NAME + " already exists; not overwriting a key");
        }
        try {
            Files.createDirectories(dir);
            StringWriter privPem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(privPem)) {
                if (password == null || password.length == 0) {
                    w.writeObject(new JcaPKCS8Generator(pair.getPrivate(), null));
                } else {
                    w.writeObject(new PemObject(
                            "ENCRYPTED PRIVATE KEY",
                            Pbes2.encrypt(pair.getPrivate().getEncoded(), password)));
                }
            }
            Path tmp = AtomicFiles.tempSibling(priv);
            try {
                Files.deleteIfExists(tmp);
                // created private: the key is never readable by others, not even for a moment
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, privPem.toString());
                AtomicFiles.commit(tmp, priv);
            } finally {
                Files.deleteIfExists(tmp);
            }
            StringWriter pubPem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pubPem)) {
                w.writeObject(pair.getPublic());
            }
            try {
                AtomicFiles.write(pub, pubPem.toString().getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                Files.deleteIfExists(priv); // never half a pair: a rerun would refuse to overwrite the lone key
                throw e;
            }
        } catch (IOException | GeneralSecurityException e) {
            throw CondockException.environment("cannot write the key pair to " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Reads a private key; an encrypted one needs {@code password} (from {@value #PASSWORD_ENV}). */
    public static PrivateKey readPrivate(Path file, char[] password) throws CondockException {
        Object o = parse(file);
        JcaPEMKeyConverter conv = new JcaPEMKeyConverter();
        try {
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (password == null || password.length == 0) {
                    throw CondockException.user(file + ": the key is encrypted; set " + PASSWORD_ENV);
                }
                byte[] pkcs8;
                try {
                    pkcs8 = Pbes2.decrypt(enc.toASN1Structure(), password);
                } catch (GeneralSecurityException e) {
                    throw CondockException.user(file + ": cannot decrypt the key (wrong " + PASSWORD_ENV + "?)");
                }
                return conv.getPrivateKey(PrivateKeyInfo.getInstance(pkcs8));
            }
            if (o instanceof PrivateKeyInfo info) {
                return conv.getPrivateKey(info);
            }
            if (o instanceof PEMKeyPair kp) {
                return conv.getKeyPair(kp).getPrivate();
            }
        } catch (IOException | RuntimeException e) {
            throw CondockException.user(
                    file + ": not a usable private key: " + e.getClass().getSimpleName());
        }
        throw CondockException.user(file + ": not a PEM private key (PKCS#8 or EC)");
    }

    public static PublicKey readPublic(Path file) throws CondockException {
        Object o = parse(file);
        try {
            if (o instanceof SubjectPublicKeyInfo info) {
                return new JcaPEMKeyConverter().getPublicKey(info);
            }
        } catch (IOException e) {
            throw CondockException.user(file + ": not a usable public key");
        }
        throw CondockException.user(file + ": not a PEM public key (-----BEGIN PUBLIC KEY-----)");
    }

    /** The password from the environment, or null. */
    public static char[] passwordFromEnv() {
        String p = System.getenv(PASSWORD_ENV);
        return p == null || p.isEmpty() ? null : p.toCharArray();
    }

    private static Object parse(Path file) throws CondockException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser p = new PEMParser(r)) {
            Object o = p.readObject();
            if (o == null) {
                throw CondockException.user(file + ": no PEM object in the file");
            }
            return o;
        } catch (java.nio.file.NoSuchFileException e) {
            throw CondockException.user(file + ": not found");
        } catch (IOException e) {
            throw CondockException.user(
                    file + ": cannot read the key: " + e.getClass().getSimpleName());
        }
    }
}

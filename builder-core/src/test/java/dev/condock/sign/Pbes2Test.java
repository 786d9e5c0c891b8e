package dev.condock.sign;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import org.bouncycastle.asn1.pkcs.EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Encrypted signing keys: PBES2 with the JDK's ciphers, readable by openssl and back. */
class Pbes2Test {
    @TempDir
    Path tmp;

    @Test
    void roundTripAndWrongPassword() throws Exception {
        KeyPair pair = KeyFiles.generate();
        byte[] der = Pbes2.encrypt(pair.getPrivate().getEncoded(), "s3cret".toCharArray());
        EncryptedPrivateKeyInfo info = EncryptedPrivateKeyInfo.getInstance(der);
        assertArrayEquals(pair.getPrivate().getEncoded(), Pbes2.decrypt(info, "s3cret".toCharArray()));
        assertThrows(GeneralSecurityException.class, () -> Pbes2.decrypt(info, "nope".toCharArray()));
    }

    @Test
    void keyFilesWriteAnEncryptedKeyThatOpensslAndCondockRead() throws Exception {
        KeyPair pair = KeyFiles.generate();
        KeyFiles.write(pair, tmp, "pw".toCharArray());
        Path key = tmp.resolve(KeyFiles.PRIVATE_NAME);
        assertTrue(Files.readString(key).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
        assertArrayEquals(
                pair.getPrivate().getEncoded(),
                KeyFiles.readPrivate(key, "pw".toCharArray()).getEncoded());
        CondockException wrong =
                assertThrows(CondockException.class, () -> KeyFiles.readPrivate(key, "bad".toCharArray()));
        assertEquals(2, wrong.exitCode());
        // openssl (installed by scripts/test.sh) reads it too: the standard PBES2 encoding
        Process p = new ProcessBuilder("openssl", "pkcs8", "-in", key.toString(), "-passin", "pass:pw")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.startsWith("-----BEGIN PRIVATE KEY-----"), out);
    }
}

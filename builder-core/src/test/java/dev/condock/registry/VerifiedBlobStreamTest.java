package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.Hashing;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerifiedBlobStreamTest {
    private static final byte[] BLOB = "some layer bytes".getBytes(StandardCharsets.UTF_8);
    private static final String DIGEST = "sha256:" + Hashing.sha256Hex(BLOB);

    @Test
    void passesTheExactBlob() throws IOException {
        try (var in = new VerifiedBlobStream(new ByteArrayInputStream(BLOB), DIGEST, BLOB.length, () -> null)) {
            assertArrayEquals(BLOB, in.readAllBytes());
        }
    }

    @Test
    void aShortBlobIsAnErrorNotAnEnd() {
        byte[] cut = Arrays.copyOf(BLOB, 5);
        IOException e = assertThrows(
                IOException.class,
                () -> new VerifiedBlobStream(new ByteArrayInputStream(cut), DIGEST, BLOB.length, () -> null)
                        .readAllBytes());
        assertTrue(e.getMessage().contains("expected " + BLOB.length + " bytes"), e.getMessage());
    }

    @Test
    void theProducersFailureIsThrownAtTheEnd() {
        IOException e = assertThrows(
                IOException.class,
                () -> new VerifiedBlobStream(
                                new ByteArrayInputStream(BLOB),
                                DIGEST,
                                BLOB.length,
                                () -> new SocketException("Connection reset"))
                        .readAllBytes());
        assertTrue(
                e.getMessage().contains("cannot read blob " + DIGEST)
                        && e.getMessage().contains("Connection reset"),
                e.getMessage());
    }
}

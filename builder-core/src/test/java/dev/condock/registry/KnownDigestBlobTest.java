package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.cloud.tools.jib.api.DescriptorDigest;
import com.google.cloud.tools.jib.blob.BlobDescriptor;
import dev.condock.util.Hashing;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class KnownDigestBlobTest {
    private static final byte[] DATA = new byte[300_000];

    static {
        for (int i = 0; i < DATA.length; i++) {
            DATA[i] = (byte) (i * 31);
        }
    }

    @Test
    void copiesEveryByteAndReportsTheKnownDigest() throws Exception {
        DescriptorDigest digest = DescriptorDigest.fromHash(Hashing.sha256Hex(DATA));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        KnownDigestBlob blob = new KnownDigestBlob(() -> new ByteArrayInputStream(DATA), digest, DATA.length);
        BlobDescriptor d = blob.writeTo(out);
        assertArrayEquals(DATA, out.toByteArray());
        assertEquals(DATA.length, d.getSize());
        assertEquals(digest, d.getDigest());
        // retryable: a second attempt reads the source again from its start
        out.reset();
        blob.writeTo(out);
        assertArrayEquals(DATA, out.toByteArray());
    }

    @Test
    void aSourceShorterThanItsDescriptorFailsTheUpload() throws Exception {
        DescriptorDigest digest = DescriptorDigest.fromHash(Hashing.sha256Hex(DATA));
        KnownDigestBlob blob =
                new KnownDigestBlob(() -> new ByteArrayInputStream(DATA, 0, DATA.length - 1), digest, DATA.length);
        IOException e = assertThrows(IOException.class, () -> blob.writeTo(new ByteArrayOutputStream()));
        assertEquals(
                "blob " + digest + " has " + (DATA.length - 1) + " bytes, its descriptor says " + DATA.length,
                e.getMessage());
    }
}

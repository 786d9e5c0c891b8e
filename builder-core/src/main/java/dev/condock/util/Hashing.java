package dev.condock.util;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The one place that hashes: sha256 and md5 as lowercase hex. */
public final class Hashing {
    private Hashing() {}

    public static MessageDigest sha256() {
        return digest("SHA-256");
    }

    public static MessageDigest md5() {
        return digest("MD5");
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is not available", e);
        }
    }

    public static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }

    public static String sha256Hex(byte[] data) {
        return hex(sha256().digest(data));
    }

    public static String sha256Hex(Path file) throws IOException {
        return hexOf(file, sha256());
    }

    public static String md5Hex(Path file) throws IOException {
        return hexOf(file, md5());
    }

    private static String hexOf(Path file, MessageDigest md) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return hex(md.digest());
    }

    /** An output stream that counts and sha256-hashes what passes through it, writing nowhere else. */
    public static final class DigestingOutputStream extends OutputStream {
        private final OutputStream out;
        private final MessageDigest md = sha256();
        private long count;

        public DigestingOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            md.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            md.update(b, off, len);
            count += len;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }

        public long count() {
            return count;
        }

        /** "sha256:&lt;hex&gt;" of everything written; call once, after the last write. */
        public String digest() {
            return "sha256:" + hex(md.digest());
        }
    }
}

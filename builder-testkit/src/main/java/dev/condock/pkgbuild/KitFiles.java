package dev.condock.pkgbuild;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The test kit's own small file, hash and JSON helpers, so that it depends on no condock module (builder-core's
 * tests use the kit): atomic writes through a temp sibling, md5/sha256 as lowercase hex, and pretty JSON with
 * sorted keys (the same bytes builder-core's {@code Json.pretty} gives).
 */
final class KitFiles {
    private static final ObjectMapper PRETTY = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    private KitFiles() {}

    static String prettyJson(Object value) {
        try {
            return PRETTY.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }

    /** A fresh temp path next to {@code target}, in the same directory so the rename is atomic. */
    static Path tempSibling(Path target) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        return dir.resolve(
                "." + target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-"
                        + Long.toHexString(ThreadLocalRandom.current().nextLong()));
    }

    /** Moves {@code temp} onto {@code target} atomically where the file system can, replacing what is there. */
    static void commit(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    static void write(Path target, byte[] data) throws IOException {
        Path tmp = tempSibling(target);
        try {
            Files.write(tmp, data);
            commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(digest("SHA-256").digest(data));
    }

    static String sha256Hex(Path file) throws IOException {
        return hexOf(file, digest("SHA-256"));
    }

    static String md5Hex(Path file) throws IOException {
        return hexOf(file, digest("MD5"));
    }

    private static MessageDigest digest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is not available", e);
        }
    }

    private static String hexOf(Path file, MessageDigest md) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}

package dev.condock.pkgbuild;

import com.github.luben.zstd.ZstdOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;

/**
 * Puts already-made tar members into a package file: {@code .tar.bz2} (one tar, info/ first) or {@code .conda}
 * (a STORED zip of metadata.json, pkg-DIST.tar.zst and info-DIST.tar.zst). It adds nothing of its own, so it can
 * also write malformed packages for tests. Output goes to a temp sibling and is renamed into place.
 */
public final class PackageArchiveWriter {
    private static final byte[] CONDA_METADATA = "{\"conda_pkg_format_version\": 2}".getBytes(StandardCharsets.UTF_8);
    private static final LocalDateTime ZIP_TIME = LocalDateTime.of(2020, 1, 1, 0, 0);
    private static final int ZSTD_LEVEL = 3;

    private String zipDirectory = "";
    private int zstdFrames = 1;

    /** Puts the .conda members under this zip directory ("some/dir/"), as some real packages have. */
    public PackageArchiveWriter zipDirectory(String dir) {
        this.zipDirectory = dir.isEmpty() || dir.endsWith("/") ? dir : dir + "/";
        return this;
    }

    /** Splits each .conda zstd stream into this many concatenated frames (as some writers do). */
    public PackageArchiveWriter zstdFrames(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("frames must be >= 1");
        }
        this.zstdFrames = frames;
        return this;
    }

    /** Writes {@code <dir>/<dist><ext>} and returns its path. */
    public Path write(Path dir, String dist, ArchiveFormat format, List<TarMember> info, List<TarMember> pkg)
            throws IOException {
        Path target = dir.resolve(dist + format.extension());
        Path tmp = KitFiles.tempSibling(target);
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                if (format == ArchiveFormat.TAR_BZ2) {
                    writeTarBz2(out, info, pkg);
                } else {
                    writeConda(out, dist, info, pkg);
                }
            }
            KitFiles.commit(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }

    private static void writeTarBz2(OutputStream out, List<TarMember> info, List<TarMember> pkg) throws IOException {
        List<TarMember> all = new ArrayList<>(info);
        all.addAll(pkg);
        try (BZip2CompressorOutputStream bz = new BZip2CompressorOutputStream(new java.io.BufferedOutputStream(out))) {
            DeterministicTar.write(all, bz);
        }
    }

    private void writeConda(OutputStream out, String dist, List<TarMember> info, List<TarMember> pkg)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            if (!zipDirectory.isEmpty()) {
                storedEntry(zip, zipDirectory, new byte[0]);
            }
            storedEntry(zip, zipDirectory + "metadata.json", CONDA_METADATA);
            storedEntry(zip, zipDirectory + "pkg-" + dist + ".tar.zst", zstdTar(pkg));
            storedEntry(zip, zipDirectory + "info-" + dist + ".tar.zst", zstdTar(info));
        }
    }

    private byte[] zstdTar(List<TarMember> members) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        DeterministicTar.write(members, tar);
        byte[] raw = tar.toByteArray();
        ByteArrayOutputStream zst = new ByteArrayOutputStream();
        int chunk = Math.max(1, (raw.length + zstdFrames - 1) / zstdFrames);
        for (int off = 0; off < raw.length || off == 0; off += chunk) {
            int len = Math.min(chunk, raw.length - off);
            try (ZstdOutputStream z = new ZstdOutputStream(new NonClosingOutputStream(zst), ZSTD_LEVEL)) {
                z.write(raw, off, len);
            }
            if (raw.length == 0) {
                break;
            }
        }
        return zst.toByteArray();
    }

    private static void storedEntry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(data.length);
        e.setCompressedSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        e.setCrc(crc.getValue());
        // setTimeLocal: a DOS time independent of the builder's time zone, and no extended-time extra field.
        e.setTimeLocal(ZIP_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }
}

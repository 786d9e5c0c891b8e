package dev.condock.layer;

import dev.condock.image.Descriptor;
import dev.condock.model.TreeEntry;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import dev.condock.util.Hashing.DigestingOutputStream;
import dev.condock.util.Workers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes a layer as eStargz, the layout of containerd/stargz-snapshotter's {@code estargz} package (its
 * {@code Build} with the default options): a gzip-compatible tar whose every regular file's data starts a new gzip
 * member (a file over 4 MiB: one member per 4 MiB chunk), so a lazy puller can fetch and decompress one file with a
 * range request; then the table of contents ({@code stargz.index.json}, a tar entry in a member of its own, ending
 * the tar) and the 51-byte footer (an empty gzip member whose extra field holds the TOC's offset).
 *
 * <p>Entry order: the prioritized files (each after its parent directories and, for a hardlink, its target), then
 * the landmark ({@code .prefetch.landmark} when anything was prioritized: the snapshotter prefetches the blob up to
 * it; else {@code .no.prefetch.landmark} first), then every other entry in {@link LayerWriter}'s sorted order.
 *
 * <p>Every consumer that reads gzip layers reads this unchanged (the TOC and landmark are two extra small files in
 * the root). Tar headers are made exactly as {@link LayerWriter} makes them, so an entry's metadata does not depend
 * on the compression.
 */
final class EstargzWriter {
    static final int CHUNK = 4 << 20;
    static final String TOC_NAME = "stargz.index.json";
    static final String PREFETCH_LANDMARK = ".prefetch.landmark";
    static final String NO_PREFETCH_LANDMARK = ".no.prefetch.landmark";
    public static final String ANNOTATION_TOC_DIGEST = "containerd.io/snapshot/stargz/toc.digest";
    public static final String ANNOTATION_UNCOMPRESSED_SIZE = "io.containers.estargz.uncompressed-size";
    static final int FOOTER_SIZE = 51;
    private static final byte LANDMARK_CONTENT = 0xf;

    private final long mtimeSeconds;
    private final Workers workers;
    private final List<String> prioritized;

    /** {@code prioritized}: image paths (no leading slash needed); those not in this layer are skipped. */
    EstargzWriter(long mtimeSeconds, Workers workers, List<String> prioritized) {
        this.mtimeSeconds = mtimeSeconds;
        this.workers = workers;
        this.prioritized = List.copyOf(prioritized);
    }

    /** Writes {@code byPath} (as {@link LayerWriter#normalize} leaves it) into {@code blobDir}/&lt;hex&gt;. */
    WrittenLayer write(Map<String, LayerEntry> byPath, Path blobDir) throws IOException {
        List<LayerEntry> ordered = order(byPath, prioritized);
        Path tmp = AtomicFiles.tempSibling(blobDir.resolve("layer"));
        try {
            DigestingOutputStream blobOut;
            GzipMembers members;
            byte[] tocJson;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                blobOut = new DigestingOutputStream(file);
                members = new GzipMembers(blobOut, workers);
                // 512-byte blocks: every header and every chunk boundary reaches the members stream when written,
                // so a member starts exactly where a file's data does
                TarArchiveOutputStream tos = new TarArchiveOutputStream(members, 512);
                tos.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                tos.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                tos.setAddPaxHeadersForNonAsciiNames(true);
                EstargzToc toc = new EstargzToc();
                for (LayerEntry e : ordered) {
                    writeEntry(tos, members, toc, e);
                }
                long tocOffset = members.drain();
                tocJson = toc.json(members::offset);
                members.startMember();
                TarArchiveEntry t = new TarArchiveEntry(TOC_NAME, TarConstants.LF_NORMAL, true);
                fixed(t, 0, 0, 0);
                t.setSize(tocJson.length);
                tos.putArchiveEntry(t);
                tos.write(tocJson);
                tos.closeArchiveEntry();
                tos.finish(); // the two zero blocks that end the tar, inside the TOC's member as in the reference
                members.drain();
                blobOut.write(footer(tocOffset));
            }
            String digest = blobOut.digest();
            Path blob = blobDir.resolve(digest.substring("sha256:".length()));
            AtomicFiles.commit(tmp, blob);
            Map<String, String> ann = new LinkedHashMap<>();
            ann.put(ANNOTATION_TOC_DIGEST, "sha256:" + Hashing.sha256Hex(tocJson));
            ann.put(ANNOTATION_UNCOMPRESSED_SIZE, Long.toString(members.uncompressedSize()));
            return new WrittenLayer(
                    new Descriptor(Descriptor.LAYER_GZIP, digest, blobOut.count(), ann), members.diffId(), blob);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Prioritized entries (with parents and hardlink targets), the landmark, then the rest in path order. */
    static List<LayerEntry> order(Map<String, LayerEntry> byPath, List<String> prioritized) {
        Map<String, LayerEntry> first = new LinkedHashMap<>();
        for (String p : prioritized) {
            moveRec(LayerEntry.stripSlashes(p), byPath, first);
        }
        List<LayerEntry> out = new ArrayList<>(first.values());
        String landmark = first.isEmpty() ? NO_PREFETCH_LANDMARK : PREFETCH_LANDMARK;
        out.add(new LayerEntry(landmark, TreeEntry.Kind.FILE, 0, null, null, 1)); // content: LANDMARK_CONTENT
        for (LayerEntry e : byPath.values()) {
            if (!first.containsKey(e.path()) && !isReserved(e.path())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The reference's moveRec: parents first, a hardlink's target before it; a path not in the layer is skipped. */
    private static void moveRec(String path, Map<String, LayerEntry> byPath, Map<String, LayerEntry> first) {
        LayerEntry e = byPath.get(path);
        if (path.isEmpty() || e == null || first.containsKey(path)) {
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            moveRec(path.substring(0, slash), byPath, first);
        }
        if (e.kind() == TreeEntry.Kind.HARDLINK) {
            moveRec(e.linkTarget(), byPath, first);
        }
        first.put(path, e);
    }

    /** The reference drops entries with these names from its input: the writer makes its own. */
    private static boolean isReserved(String path) {
        return path.equals(TOC_NAME) || path.equals(PREFETCH_LANDMARK) || path.equals(NO_PREFETCH_LANDMARK);
    }

    /** The prioritized paths found in {@code paths}: the ones that change this layer's bytes (its cache key). */
    static List<String> inLayer(List<String> prioritized, Collection<String> paths) {
        java.util.Set<String> set = new java.util.HashSet<>(paths);
        return prioritized.stream()
                .map(LayerEntry::stripSlashes)
                .filter(set::contains)
                .toList();
    }

    private void writeEntry(TarArchiveOutputStream tos, GzipMembers members, EstargzToc toc, LayerEntry e)
            throws IOException {
        boolean landmark = e.path().equals(PREFETCH_LANDMARK) || e.path().equals(NO_PREFETCH_LANDMARK);
        TarArchiveEntry t = switch (e.kind()) {
            case DIRECTORY -> new TarArchiveEntry(e.path() + "/", TarConstants.LF_DIR, true);
            case FILE -> new TarArchiveEntry(e.path(), TarConstants.LF_NORMAL, true);
            case SYMLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK, true);
            case HARDLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_LINK, true);
        };
        int mode = e.kind() == TreeEntry.Kind.SYMLINK ? 0777 : e.mode() & 07777;
        fixed(t, mode, e.uid(), e.gid());
        if (e.kind() == TreeEntry.Kind.SYMLINK || e.kind() == TreeEntry.Kind.HARDLINK) {
            t.setLinkName(e.linkTarget());
        }
        EstargzToc.Entry te = new EstargzToc.Entry(
                t.getName(),
                switch (e.kind()) {
                    case DIRECTORY -> "dir";
                    case FILE -> "reg";
                    case SYMLINK -> "symlink";
                    case HARDLINK -> "hardlink";
                });
        te.mode = mode;
        te.uid = e.uid();
        te.gid = e.gid();
        te.linkName = e.linkTarget();
        te.modtime = modtime(mtimeSeconds);
        if (e.kind() != TreeEntry.Kind.FILE || (e.content() == null && !landmark)) {
            if (e.kind() == TreeEntry.Kind.FILE) { // a whiteout: empty, but a regular file has a digest
                te.digest = "sha256:" + Hashing.sha256Hex(new byte[0]);
            }
            tos.putArchiveEntry(t);
            tos.closeArchiveEntry();
            toc.add(te);
            return;
        }
        long size = landmark ? 1 : Files.size(e.content());
        if (!landmark && size != e.size()) {
            throw new IOException("staged file " + e.content() + " changed size (" + size + " != " + e.size() + ")");
        }
        t.setSize(size);
        te.size = size;
        tos.putArchiveEntry(t);
        if (size == 0) {
            te.digest = "sha256:" + Hashing.sha256Hex(new byte[0]);
            tos.closeArchiveEntry();
            toc.add(te);
            return;
        }
        MessageDigest whole = Hashing.sha256();
        try (InputStream in = landmark
                ? new java.io.ByteArrayInputStream(new byte[] {LANDMARK_CONTENT})
                : Files.newInputStream(e.content())) {
            byte[] buf = new byte[64 * 1024];
            EstargzToc.Entry chunk = te;
            for (long written = 0; written < size; ) {
                long n = Math.min(CHUNK, size - written);
                if (n == CHUNK) {
                    chunk.chunkSize = CHUNK; // the reference leaves it out on a file's last, shorter chunk
                }
                chunk.member = members.startMember();
                chunk.chunkOffset = written;
                MessageDigest part = Hashing.sha256();
                for (long left = n; left > 0; ) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) {
                        throw new IOException("staged file " + e.content() + " shrank while it was written");
                    }
                    part.update(buf, 0, r);
                    whole.update(buf, 0, r);
                    tos.write(buf, 0, r);
                    left -= r;
                }
                chunk.chunkDigest = "sha256:" + Hashing.hex(part.digest());
                toc.add(chunk);
                written += n;
                chunk = new EstargzToc.Entry(t.getName(), "chunk");
            }
        }
        te.digest = "sha256:" + Hashing.hex(whole.digest());
        tos.closeArchiveEntry();
    }

    /** The metadata LayerWriter gives every entry: one mtime, no owner names. */
    private void fixed(TarArchiveEntry t, int mode, int uid, int gid) {
        t.setMode(mode);
        t.setModTime(FileTime.fromMillis(mtimeSeconds * 1000));
        t.setUserId(uid);
        t.setGroupId(gid);
        t.setUserName("");
        t.setGroupName("");
    }

    /** The reference's formatModtime: left out for the epoch, else RFC 3339 in UTC. */
    private static String modtime(long seconds) {
        return seconds == 0 ? null : DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(seconds));
    }

    /** The 51-byte footer: an empty gzip member, extra field "SG" + "%016xSTARGZ" of the TOC member's offset. */
    static byte[] footer(long tocOffset) {
        byte[] sub = String.format("%016xSTARGZ", tocOffset).getBytes(StandardCharsets.US_ASCII);
        byte[] f = new byte[FOOTER_SIZE];
        int i = 0;
        f[i++] = 0x1f;
        f[i++] = (byte) 0x8b;
        f[i++] = 8; // deflate
        f[i++] = 4; // FEXTRA
        i += 5; // MTIME 0, XFL 0
        f[i++] = (byte) 0xff; // OS unknown
        int xlen = 4 + sub.length;
        f[i++] = (byte) xlen;
        f[i++] = (byte) (xlen >>> 8);
        f[i++] = 'S';
        f[i++] = 'G';
        f[i++] = (byte) sub.length;
        f[i++] = (byte) (sub.length >>> 8);
        System.arraycopy(sub, 0, f, i, sub.length);
        i += sub.length;
        f[i++] = 1; // a final stored block of length 0
        f[i++] = 0;
        f[i++] = 0;
        f[i++] = (byte) 0xff;
        f[i] = (byte) 0xff;
        return f; // CRC32 and ISIZE of nothing: the 8 zero bytes left
    }
}

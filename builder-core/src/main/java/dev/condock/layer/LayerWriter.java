package dev.condock.layer;

import com.github.luben.zstd.ZstdOutputStream;
import dev.condock.image.Descriptor;
import dev.condock.model.TreeEntry;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing.DigestingOutputStream;
import dev.condock.util.Workers;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one reproducible layer blob from tree entries. Entries are built from scratch (never from a File), so no
 * owner names, atimes or ctimes leak in: paths sorted, every parent directory emitted once with fixed metadata,
 * one mtime for all, uid/gid 0, PAX for long names. The tar is hashed (diff_id) and the compressed stream hashed
 * (digest) while streaming, once.
 */
public final class LayerWriter {
    /** Every directory gets this mode in every layer: overlay shows the topmost layer's directory metadata. */
    static final int DIR_MODE = 0755;
    /** Bump when the bytes this writer produces for the same entries change: it is part of every layer cache key. */
    public static final int FORMAT_VERSION = 2;
    /** Between the tar stream and the hash + compressor; also the size of the reads from staged files. */
    static final int TAR_BUFFER = 256 * 1024;

    private final Compression compression;
    private final long mtimeSeconds;
    private final Workers workers;
    /** eStargz only: image paths written first and prefetched by a lazy puller (those not in a layer are skipped). */
    private final List<String> prefetch;

    /** Compresses in the calling thread only (no worker threads); the bytes are the same as with any. */
    public LayerWriter(Compression compression, long mtimeSeconds) {
        this(compression, mtimeSeconds, Workers.callerRuns());
    }

    /** Compresses on {@code workers}: gzip blocks are tasks there, zstd gets as many native workers as it has. */
    public LayerWriter(Compression compression, long mtimeSeconds, Workers workers) {
        this(compression, mtimeSeconds, workers, List.of());
    }

    /** {@code prefetch}: with {@link Compression#ESTARGZ}, the image paths each layer puts first. */
    public LayerWriter(Compression compression, long mtimeSeconds, Workers workers, List<String> prefetch) {
        this.compression = compression;
        this.mtimeSeconds = mtimeSeconds;
        this.workers = workers;
        this.prefetch = List.copyOf(prefetch);
    }

    /** The fixed mtime: SOURCE_DATE_EPOCH when set, else 0. */
    public static long defaultMtime() {
        String s = System.getenv("SOURCE_DATE_EPOCH");
        if (s != null && s.strip().matches("\\d+")) {
            return Long.parseLong(s.strip());
        }
        return 0;
    }

    /**
     * Writes the layer for {@code entries} into {@code blobDir}/&lt;hex&gt;. Later entries replace earlier ones with
     * the same path. Hardlink targets must be in the same list.
     */
    public WrittenLayer write(List<LayerEntry> entries, Path blobDir) throws IOException {
        Map<String, LayerEntry> byPath = normalize(entries);
        if (compression == Compression.ESTARGZ) {
            return new EstargzWriter(mtimeSeconds, workers, prefetch).write(byPath, blobDir);
        }
        Path tmp = AtomicFiles.tempSibling(blobDir.resolve("layer"));
        try {
            DigestingOutputStream compressed;
            DigestingOutputStream tar;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
                compressed = new DigestingOutputStream(file);
                OutputStream comp = compressor(compressed);
                tar = new DigestingOutputStream(comp);
                try (TarArchiveOutputStream tos = new TarArchiveOutputStream(new RecordBuffer(tar, TAR_BUFFER))) {
                    tos.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
                    tos.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
                    tos.setAddPaxHeadersForNonAsciiNames(true);
                    byte[] buf = new byte[TAR_BUFFER];
                    for (LayerEntry e : byPath.values()) {
                        writeEntry(tos, e, buf);
                    }
                    tos.finish();
                }
            }
            String digest = compressed.digest();
            Path blob = blobDir.resolve(digest.substring("sha256:".length()));
            // replaced even when a blob of that name is there: it may be a corrupt one (the same bytes otherwise, and
            // a reader holding the old file open keeps reading it)
            AtomicFiles.commit(tmp, blob);
            return new WrittenLayer(
                    new Descriptor(compression.mediaType(), digest, compressed.count()), tar.digest(), blob);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private OutputStream compressor(OutputStream out) throws IOException {
        return switch (compression) {
            // pigz-style blocks: the same bytes for any thread count, and a big layer uses every core
            case GZIP -> new ParallelGzipOutputStream(out, workers);
            case ZSTD -> zstd(out, workers.threads());
            case ESTARGZ -> throw new IllegalStateException("eStargz layers are written by EstargzWriter");
        };
    }

    /**
     * zstd in its multi-threaded mode: its output is the same for any worker count of 1 or more (checked by
     * LayerWriterTest), and it overlaps compression with tar writing, 2.6x faster than single-threaded mode here.
     * Its workers are native threads inside libzstd: they cannot run on {@link Workers}, so their number is capped
     * by the same thread budget instead ({@code --threads 1}: one native worker, while the Java thread that feeds
     * it mostly waits on it), and by 4, past which zstd level 3 gains nothing here. Never 0: single-threaded mode
     * writes different bytes.
     */
    static OutputStream zstd(OutputStream out, int threads) throws IOException {
        ZstdOutputStream z = new ZstdOutputStream(out, 3);
        z.setWorkers(Math.max(1, Math.min(4, threads)));
        return z;
    }

    /** Dedupes (last wins), adds parent directories, sorts, and makes hardlink sets point at their first path. */
    static Map<String, LayerEntry> normalize(List<LayerEntry> entries) {
        Map<String, LayerEntry> byPath = new TreeMap<>();
        for (LayerEntry e : entries) {
            byPath.put(e.path(), e);
        }
        for (String p : new ArrayList<>(byPath.keySet())) {
            for (int i = p.indexOf('/'); i > 0; i = p.indexOf('/', i + 1)) {
                String parent = p.substring(0, i);
                byPath.putIfAbsent(parent, LayerEntry.directory(parent));
            }
        }
        // a directory listed with an owner (an app's) keeps it; its mode is DIR_MODE like every other's
        byPath.replaceAll((k, v) ->
                v.kind() == TreeEntry.Kind.DIRECTORY ? LayerEntry.directory(k).ownedBy(v.uid(), v.gid()) : v);
        // Hardlinks: tar needs the content on the first entry in archive order, links after it.
        Map<String, List<String>> sets = new HashMap<>();
        for (LayerEntry e : new ArrayList<>(byPath.values())) {
            if (e.kind() == TreeEntry.Kind.HARDLINK) {
                LayerEntry target = byPath.get(e.linkTarget());
                if (target == null || target.kind() != TreeEntry.Kind.FILE) {
                    // target in another layer, or replaced by another package: the link becomes a copy
                    if (e.content() == null) {
                        throw new IllegalArgumentException("hardlink " + e.path() + " -> " + e.linkTarget()
                                + ": target is not a file in this layer and the entry has no content to copy");
                    }
                    byPath.put(
                            e.path(),
                            new LayerEntry(e.path(), TreeEntry.Kind.FILE, e.mode(), null, e.content(), e.size()));
                    continue;
                }
                sets.computeIfAbsent(e.linkTarget(), k -> new ArrayList<>()).add(e.path());
            }
        }
        for (var set : sets.entrySet()) {
            LayerEntry file = byPath.get(set.getKey());
            String first = set.getKey();
            for (String p : set.getValue()) {
                if (p.compareTo(first) < 0) {
                    first = p;
                }
            }
            if (!first.equals(set.getKey())) {
                byPath.put(
                        first,
                        new LayerEntry(first, TreeEntry.Kind.FILE, file.mode(), null, file.content(), file.size()));
                byPath.put(set.getKey(), LayerEntry.hardlink(set.getKey(), first, file.mode()));
            }
            for (String p : set.getValue()) {
                if (!p.equals(first)) {
                    byPath.put(p, LayerEntry.hardlink(p, first, file.mode()));
                }
            }
        }
        return byPath;
    }

    private void writeEntry(TarArchiveOutputStream tos, LayerEntry e, byte[] buf) throws IOException {
        TarArchiveEntry t = switch (e.kind()) {
            case DIRECTORY -> new TarArchiveEntry(e.path() + "/", TarConstants.LF_DIR, true);
            case FILE -> new TarArchiveEntry(e.path(), TarConstants.LF_NORMAL, true);
            case SYMLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_SYMLINK, true);
            case HARDLINK -> new TarArchiveEntry(e.path(), TarConstants.LF_LINK, true);
        };
        t.setMode(e.kind() == TreeEntry.Kind.SYMLINK ? 0777 : e.mode() & 07777);
        t.setModTime(FileTime.fromMillis(mtimeSeconds * 1000));
        t.setUserId(e.uid());
        t.setGroupId(e.gid());
        t.setUserName("");
        t.setGroupName("");
        if (e.kind() == TreeEntry.Kind.SYMLINK || e.kind() == TreeEntry.Kind.HARDLINK) {
            t.setLinkName(e.linkTarget());
        }
        if (e.kind() == TreeEntry.Kind.FILE && e.content() == null) {
            tos.putArchiveEntry(t); // a whiteout: an empty file with no content on disk
        } else if (e.kind() == TreeEntry.Kind.FILE) {
            long size = Files.size(e.content());
            if (size != e.size()) {
                throw new IOException(
                        "staged file " + e.content() + " changed size (" + size + " != " + e.size() + ")");
            }
            t.setSize(size);
            tos.putArchiveEntry(t);
            try (InputStream in = Files.newInputStream(e.content())) {
                // not transferTo: its 8 KiB reads cost a system call each
                int n;
                while ((n = in.read(buf)) > 0) {
                    tos.write(buf, 0, n);
                }
            }
        } else {
            tos.putArchiveEntry(t);
        }
        tos.closeArchiveEntry();
    }
}

package dev.condock.channel;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One subdir's repodata read name by name through its {@link RepodataIndex}: a name's byte ranges are read with
 * positional {@link FileChannel} reads (no copy of the file on the heap) and parsed by the same record reader and
 * checks as the eager {@link RepodataParser}. Keys are the byte offset of each record's first file name.
 */
final class LazySubdir {
    private final Path file;
    private final String source;
    private final String defaultSubdir;
    private final String baseUrl;
    private final String channel;
    private final RepodataIndex index;
    private final Map<String, List<RecordSource.Keyed>> loaded = new HashMap<>();
    /** Records of the index's unnamed bucket, by the name their reader gave them. */
    private Map<String, List<RecordSource.Keyed>> unnamed;

    final List<String> skipped = new ArrayList<>();

    LazySubdir(Path file, String source, String defaultSubdir, String baseUrl, String channel, RepodataIndex index) {
        this.file = file;
        this.source = source;
        this.defaultSubdir = defaultSubdir;
        this.baseUrl = baseUrl;
        this.channel = channel;
        this.index = index;
    }

    RepodataIndex index() {
        return index;
    }

    synchronized List<RecordSource.Keyed> named(String name) {
        List<RecordSource.Keyed> hit = loaded.get(name);
        if (hit != null) return hit;
        if (unnamed == null) {
            unnamed = new HashMap<>();
            for (RecordSource.Keyed k : parse(""))
                unnamed.computeIfAbsent(k.record().name(), n -> new ArrayList<>())
                        .add(k);
        }
        List<RecordSource.Keyed> out = name.isEmpty() ? List.of() : parse(name);
        List<RecordSource.Keyed> extra = unnamed.get(name);
        if (extra != null) {
            out = new ArrayList<>(out);
            out.addAll(extra);
            out.sort(java.util.Comparator.comparingLong(RecordSource.Keyed::key));
        }
        out = List.copyOf(out);
        loaded.put(name, out);
        return out;
    }

    /** Parses the ranges of one index bucket; .conda replaces .tar.bz2 of the same dist, keeping its key. */
    private List<RecordSource.Keyed> parse(String name) {
        long[] spans = index.spans().get(name);
        if (spans == null) return List.of();
        Map<String, RecordSource.Keyed> byDist = new LinkedHashMap<>();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (int i = 0; i < spans.length; i += 4) {
                long start = spans[i];
                int len = Math.toIntExact(spans[i + 1] - start);
                RepodataIndex.Section sec = index.sections().get((int) spans[i + 3]);
                ByteBuffer buf = ByteBuffer.allocate(len + 2);
                buf.put((byte) '{');
                buf.limit(len + 1);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, start + buf.position() - 1) < 0) throw new IOException("file shrank");
                }
                buf.limit(len + 2);
                buf.put((byte) '}');
                String sub = sec.subdir() != null ? sec.subdir() : defaultSubdir;
                String base =
                        sec.baseUrl() != null ? RepodataParser.resolveBase(source, baseUrl, sec.baseUrl()) : baseUrl;
                RepodataParser.parseRange(
                        buf.array(),
                        start - 1,
                        (int) spans[i + 2] - 1,
                        source,
                        sub,
                        base,
                        channel,
                        skipped,
                        (off, r) -> {
                            String key = r.subdir() + "/" + r.dist();
                            RecordSource.Keyed old = byDist.get(key);
                            if (old == null) {
                                byDist.put(key, new RecordSource.Keyed(off, r));
                            } else if (r.fn() != null && r.fn().endsWith(".conda")) {
                                byDist.put(key, new RecordSource.Keyed(old.key(), r));
                            }
                        });
            }
        } catch (IOException e) {
            throw new RecordSource.Failure(
                    CondockException.environment(source + ": cannot read cached repodata: " + e.getMessage(), e));
        } catch (CondockException e) {
            throw new RecordSource.Failure(e);
        }
        List<RecordSource.Keyed> out = new ArrayList<>(byDist.values());
        out.sort(java.util.Comparator.comparingLong(RecordSource.Keyed::key));
        return out;
    }

    /** Every bucket, for the error path's hints. */
    synchronized List<RecordSource.Keyed> all() {
        List<RecordSource.Keyed> out = new ArrayList<>();
        for (String n : index.spans().keySet()) if (!n.isEmpty()) out.addAll(named(n));
        if (unnamed != null) for (List<RecordSource.Keyed> l : unnamed.values()) out.addAll(l);
        out.sort(java.util.Comparator.comparingLong(RecordSource.Keyed::key));
        return dedupe(out);
    }

    /** A record of the unnamed bucket may have been added under its name already. */
    private static List<RecordSource.Keyed> dedupe(List<RecordSource.Keyed> in) {
        List<RecordSource.Keyed> out = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (RecordSource.Keyed k : in) {
            if (k.key() != last) out.add(k);
            last = k.key();
        }
        return out;
    }
}

package dev.condock.channel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;

/**
 * A compact index of one (decompressed) repodata.json: package name → the byte ranges of its records, in
 * {@code packages}, {@code packages.conda} and conda's flat test layout alike, so a solve parses only the names it
 * reaches (rattler's sparse repodata is the model). Built by one streaming pass (Jackson tokens and their byte
 * offsets, no tree of the records); consecutive records of one name share a range, so the index of a 500k-record
 * file is a few hundred kB.
 *
 * <p>Kept beside the repodata in the cache as {@code <repodata>.idx}, written to a temp name and renamed. It names
 * the repodata it describes by the sha256 of its bytes (taken during the indexing pass) and by the file's stamp
 * (size, mtime, ctime, inode: every rewrite or replacement of the body changes it, see {@code cache.Integrity}), and
 * carries a CRC of itself: an index whose stamp or CRC does not match is rebuilt, never used.
 *
 * @param sha256 the indexed repodata's sha256 (hex)
 * @param sections per section, the info {@code subdir} and raw {@code base_url} in force where it began
 * @param spans name → {start, end, line, section} quadruples in file order ({@code ""}: records without a usable
 *     name, which are parsed with the first name asked for, so their warnings are not lost)
 * @param trackers names with at least one record carrying {@code track_features}
 */
public record RepodataIndex(
        String stamp, String sha256, List<Section> sections, Map<String, long[]> spans, List<String> trackers) {
    private static final int MAGIC = 0x43444958; // "CDIX"
    private static final int VERSION = 1;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** What {@code info} said when a section began: each may be null. */
    public record Section(String subdir, String baseUrl) {}

    /** The index file kept beside {@code repodata}. */
    public static Path pathFor(Path repodata) {
        return repodata.resolveSibling(repodata.getFileName() + ".idx");
    }

    /**
     * The valid index of {@code repodata}: the cached one when its stamp and CRC check out, else a new one
     * (built, stored, returned). A repodata that is not valid JSON is a user error naming {@code source}.
     */
    public static RepodataIndex forFile(Path repodata, String source) throws CondockException {
        String stamp = stamp(repodata);
        Path idx = pathFor(repodata);
        RepodataIndex cached = stamp == null ? null : read(idx);
        if (cached != null && cached.stamp().equals(stamp)) return cached;
        if (cached != null && stamp != null && cached.sha256().equals(sha256(repodata))) {
            // the same bytes under a new stamp (the body was downloaded again, unchanged): hashing is a few times
            // cheaper than indexing again
            RepodataIndex same =
                    new RepodataIndex(stamp, cached.sha256(), cached.sections(), cached.spans(), cached.trackers());
            store(idx, same);
            return same;
        }
        RepodataIndex built = build(repodata, source, stamp == null ? "" : stamp);
        if (stamp != null) store(idx, built);
        return built;
    }

    private static void store(Path idx, RepodataIndex index) {
        try {
            AtomicFiles.write(idx, index.bytes());
        } catch (IOException e) {
            // not keeping it only costs the next run another indexing pass
        }
    }

    private static String sha256(Path file) throws CondockException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) md.update(buf, 0, n);
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw CondockException.environment(file + ": cannot read repodata: " + e.getMessage(), e);
        }
    }

    /** The stamp of a file: size, mtime, ctime, inode; null where the file system has no unix attributes. */
    static String stamp(Path file) throws CondockException {
        try {
            Map<String, Object> a = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,ino");
            return a.get("size") + " " + nanos(a.get("lastModifiedTime")) + " " + nanos(a.get("ctime")) + " "
                    + a.get("ino");
        } catch (NoSuchFileException e) {
            throw CondockException.environment(file + ": repodata vanished from the cache", e);
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null;
        }
    }

    private static long nanos(Object t) {
        return t instanceof FileTime ft ? ft.to(TimeUnit.NANOSECONDS) : -1;
    }

    /** One streaming pass over the file. */
    static RepodataIndex build(Path repodata, String source, String stamp) throws CondockException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        Builder b = new Builder();
        try (InputStream in = new DigestInputStream(Files.newInputStream(repodata), md);
                JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad(source, p, "expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                long keyStart = p.currentTokenLocation().getByteOffset();
                int keyLine = p.currentTokenLocation().getLineNr();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "info" -> {
                        JsonNode info = p.readValueAsTree();
                        if (info != null && info.hasNonNull("subdir"))
                            b.subdir = info.get("subdir").asText();
                        if (info != null && info.hasNonNull("base_url"))
                            b.baseUrl = info.get("base_url").asText();
                    }
                    case "packages", "packages.conda" -> {
                        if (t == JsonToken.VALUE_NULL) continue;
                        if (t != JsonToken.START_OBJECT) throw bad(source, p, "'" + key + "' must be an object");
                        b.startSection();
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            long start = p.currentTokenLocation().getByteOffset();
                            int line = p.currentTokenLocation().getLineNr();
                            p.nextToken();
                            b.record(p, start, line);
                        }
                        b.endSection();
                    }
                    default -> {
                        if (t == JsonToken.START_OBJECT && (key.endsWith(".tar.bz2") || key.endsWith(".conda"))) {
                            if (b.flat < 0) b.flat = b.startSection();
                            b.section = b.flat;
                            b.record(p, keyStart, keyLine);
                            b.lastName = null; // flat records are never merged: other keys may sit between them
                        } else {
                            p.skipChildren();
                        }
                    }
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream()); // trailing bytes belong to the hash too
        } catch (JsonProcessingException e) {
            throw RepodataParser.corrupt(source, e);
        } catch (IOException e) {
            throw CondockException.environment(source + ": cannot read repodata: " + e.getMessage(), e);
        }
        Map<String, long[]> spans = new LinkedHashMap<>();
        for (Map.Entry<String, List<long[]>> e : b.spans.entrySet()) {
            long[] flat = new long[e.getValue().size() * 4];
            int i = 0;
            for (long[] s : e.getValue()) for (long x : s) flat[i++] = x;
            spans.put(e.getKey(), flat);
        }
        return new RepodataIndex(
                stamp,
                HexFormat.of().formatHex(md.digest()),
                List.copyOf(b.sections),
                spans,
                List.copyOf(new TreeSet<>(b.trackers)));
    }

    /** State of the indexing pass. */
    private static final class Builder {
        String subdir;
        String baseUrl;
        final List<Section> sections = new ArrayList<>();
        final Map<String, List<long[]>> spans = new LinkedHashMap<>();
        final TreeSet<String> trackers = new TreeSet<>();
        int section = -1;
        int flat = -1;
        String lastName;

        int startSection() {
            sections.add(new Section(subdir, baseUrl));
            section = sections.size() - 1;
            lastName = null;
            return section;
        }

        void endSection() {
            lastName = null;
        }

        /** At the value of one record: reads its name (and whether it tracks features), skips the rest. */
        void record(JsonParser p, long start, int line) throws IOException {
            String name = "";
            boolean tracks = false;
            if (p.currentToken() == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String f = p.currentName();
                    JsonToken v = p.nextToken();
                    if (f.equals("name") && v == JsonToken.VALUE_STRING) {
                        name = p.getText();
                    } else if (f.equals("track_features")) {
                        if (v == JsonToken.VALUE_STRING) {
                            tracks = !p.getText().isBlank();
                        } else if (v == JsonToken.START_ARRAY) {
                            while (p.nextToken() != JsonToken.END_ARRAY) {
                                tracks = true;
                                p.skipChildren();
                            }
                        } else {
                            p.skipChildren();
                        }
                    } else {
                        p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            if (tracks) trackers.add(name);
            long end = p.currentLocation().getByteOffset();
            List<long[]> l = spans.computeIfAbsent(name, k -> new ArrayList<>());
            if (name.equals(lastName) && !l.isEmpty()) {
                l.get(l.size() - 1)[1] = end; // the next record of the same name: one range
            } else {
                l.add(new long[] {start, end, line, section});
            }
            lastName = name;
        }
    }

    byte[] bytes() {
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        try (DataOutputStream o = new DataOutputStream(bo)) {
            o.writeInt(MAGIC);
            o.writeInt(VERSION);
            o.writeUTF(stamp);
            o.writeUTF(sha256);
            o.writeInt(sections.size());
            for (Section s : sections) {
                writeNullable(o, s.subdir());
                writeNullable(o, s.baseUrl());
            }
            o.writeInt(spans.size());
            for (Map.Entry<String, long[]> e : spans.entrySet()) {
                o.writeUTF(e.getKey());
                o.writeInt(e.getValue().length);
                for (long x : e.getValue()) o.writeLong(x);
            }
            o.writeInt(trackers.size());
            for (String t : trackers) o.writeUTF(t);
            CRC32 crc = new CRC32();
            crc.update(bo.toByteArray());
            o.writeLong(crc.getValue());
        } catch (IOException e) {
            throw new IllegalStateException(e); // in memory
        }
        return bo.toByteArray();
    }

    /** The stored index, or null when it is missing, truncated, of another version or fails its CRC. */
    static RepodataIndex read(Path idx) {
        byte[] all;
        try {
            all = Files.readAllBytes(idx);
        } catch (IOException e) {
            return null;
        }
        if (all.length < 16) return null;
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all))) {
            in.skipNBytes(all.length - 8L);
            if (in.readLong() != crc.getValue()) return null;
        } catch (IOException e) {
            return null;
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(all, 0, all.length - 8))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) return null;
            String stamp = in.readUTF();
            String sha = in.readUTF();
            List<Section> sections = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) sections.add(new Section(readNullable(in), readNullable(in)));
            Map<String, long[]> spans = new LinkedHashMap<>();
            for (int i = in.readInt(); i > 0; i--) {
                String name = in.readUTF();
                long[] s = new long[in.readInt()];
                for (int j = 0; j < s.length; j++) s[j] = in.readLong();
                spans.put(name, s);
            }
            List<String> trackers = new ArrayList<>();
            for (int i = in.readInt(); i > 0; i--) trackers.add(in.readUTF());
            return new RepodataIndex(stamp, sha, List.copyOf(sections), spans, List.copyOf(trackers));
        } catch (IOException | RuntimeException e) {
            return null; // CRC matched but the content is not ours: rebuild
        }
    }

    private static void writeNullable(DataOutputStream o, String s) throws IOException {
        o.writeBoolean(s != null);
        if (s != null) o.writeUTF(s);
    }

    private static String readNullable(DataInputStream in) throws IOException {
        return in.readBoolean() ? in.readUTF() : null;
    }

    private static CondockException bad(String source, JsonParser p, String what) {
        JsonLocation l = p.currentLocation();
        return CondockException.user(source + ":" + l.getLineNr() + ":" + l.getColumnNr() + ": " + what);
    }
}

package dev.condock.channel;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads repodata.json (v1 and v2: {@code info.base_url}, {@code packages}, {@code packages.conda}) and conda's
 * test-suite flat index ({@code {filename: record}}). Streams record by record so 500k-record channels fit.
 * When one dist appears as both .tar.bz2 and .conda, the .conda wins. {@code null} depends/constrains read as
 * empty; the record's own name/version/build are trusted over its file name.
 */
public final class RepodataParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    /** The parsed subdir: its records and the base URL packages are fetched from. */
    /**
     * The parsed subdir: its records and the base URL packages are fetched from; {@code skipped} names each
     * malformed record left out (one line each: file and record), for a warning.
     */
    public record Subdir(String subdir, String baseUrl, List<PackageRecord> records, List<String> skipped) {
        public Subdir(String subdir, String baseUrl, List<PackageRecord> records) {
            this(subdir, baseUrl, records, List.of());
        }
    }

    private RepodataParser() {}

    /**
     * @param source   names the file in errors
     * @param subdir   the subdir this file stands for (records without one get it)
     * @param baseUrl  where packages live unless the file says otherwise (info.base_url)
     * @param channel  the channel URL recorded on each record, credentials already stripped
     */
    public static Subdir parse(InputStream in, String source, String subdir, String baseUrl, String channel)
            throws CondockException {
        Map<String, PackageRecord> byDist = new LinkedHashMap<>();
        Records recs = new Records(source, new RecordCheck(), new ArrayList<>(), byDist);
        String base = baseUrl;
        String sub = subdir;
        try (JsonParser p = FACTORY.createParser(in)) {
            p.setCodec(MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad(source, p, "expected a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken t = p.nextToken();
                switch (key) {
                    case "info" -> {
                        JsonNode info = p.readValueAsTree();
                        if (info.hasNonNull("subdir")) sub = info.get("subdir").asText();
                        if (info.hasNonNull("base_url"))
                            base = resolveBase(
                                    source, baseUrl, info.get("base_url").asText());
                    }
                    case "packages", "packages.conda" -> {
                        if (t == JsonToken.VALUE_NULL) continue;
                        if (t != JsonToken.START_OBJECT) throw bad(source, p, "'" + key + "' must be an object");
                        readRecords(p, sub, base, channel, recs);
                    }
                    default -> {
                        if (t == JsonToken.START_OBJECT && (key.endsWith(".tar.bz2") || key.endsWith(".conda"))) {
                            // conda's test index: {filename: record}
                            readOne(p, key, 0, sub, base, channel, recs);
                        } else {
                            p.skipChildren(); // repodata_version, signatures, packages.whl, removed ...
                        }
                    }
                }
            }
        } catch (JsonProcessingException e) {
            throw RepodataParser.corrupt(source, e);
        } catch (IOException e) {
            throw CondockException.environment(source + ": cannot read repodata: " + e.getMessage(), e);
        }
        String finalBase = base;
        return new Subdir(sub, finalBase, List.copyOf(byDist.values()), List.copyOf(recs.skipped()));
    }

    /** One line naming the file, line and column of malformed repodata JSON (the eager parse and the index's). */
    static CondockException corrupt(Object source, JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return CondockException.user(source + ":" + (l == null ? 0 : l.getLineNr()) + ":"
                + (l == null ? 0 : l.getColumnNr()) + ": corrupt repodata JSON: " + e.getOriginalMessage());
    }

    /** What one parse collects: kept records by dist, and the skipped ones' reasons. */
    private record Records(
            String source,
            RecordCheck check,
            List<String> skipped,
            Map<String, PackageRecord> byDist,
            int lineBase,
            long offsetBase,
            Kept kept) {
        Records(String source, RecordCheck check, List<String> skipped, Map<String, PackageRecord> byDist) {
            this(source, check, skipped, byDist, 0, 0, null);
        }
    }

    /** A record that passed the checks, with the byte offset of its file name in the whole file. */
    interface Kept {
        void accept(long offset, PackageRecord r);
    }

    /**
     * Parses {@code json}, a range of a repodata file's {@code fn: record} entries wrapped in braces (see
     * {@link LazySubdir}), with the same reader and checks as {@link #parse}; {@code offsetBase} and {@code lineBase}
     * turn positions in {@code json} into positions in the file, for keys and for the warnings' line numbers.
     */
    static void parseRange(
            byte[] json,
            long offsetBase,
            int lineBase,
            String source,
            String sub,
            String base,
            String channel,
            List<String> skipped,
            Kept kept)
            throws CondockException {
        Records recs = new Records(source, new RecordCheck(), skipped, null, lineBase, offsetBase, kept);
        try (JsonParser p = FACTORY.createParser(json)) {
            p.setCodec(MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) throw bad(source, p, "index range is not an object");
            readRecords(p, sub, base, channel, recs);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            throw CondockException.user(source + ":" + (l == null ? 0 : l.getLineNr() + lineBase)
                    + ": corrupt repodata JSON (cached index out of date?): " + e.getOriginalMessage());
        } catch (IOException e) {
            throw CondockException.environment(source + ": cannot read repodata: " + e.getMessage(), e);
        }
    }

    private static void readRecords(JsonParser p, String sub, String base, String channel, Records recs)
            throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String fn = p.currentName();
            long at = p.currentTokenLocation().getByteOffset() + recs.offsetBase();
            p.nextToken();
            readOne(p, fn, at, sub, base, channel, recs);
        }
    }

    /**
     * A malformed record is skipped, as conda does (one bad record must not make a whole channel unusable), and
     * named so the user can tell the channel's owner; the solver never sees it.
     */
    private static void readOne(JsonParser p, String fn, long at, String sub, String base, String channel, Records recs)
            throws IOException {
        int line = p.currentLocation().getLineNr() + recs.lineBase();
        String problem;
        try {
            PackageRecord r = RecordReader.read(p, fn, recs.source(), sub, base, channel);
            problem = recs.check().problem(r);
            if (problem == null) {
                if (recs.kept() != null) {
                    recs.kept().accept(at, r);
                } else {
                    put(recs.byDist(), r);
                }
                return;
            }
        } catch (RecordReader.Malformed e) {
            problem = e.getMessage();
        }
        recs.skipped()
                .add("channel " + channel + ": " + recs.source() + ":" + line + ": skipped malformed record '"
                        + RecordCheck.printable(fn) + "': " + RecordCheck.printable(problem));
    }

    private static void put(Map<String, PackageRecord> byDist, PackageRecord r) {
        String key = r.subdir() + "/" + r.dist();
        PackageRecord old = byDist.get(key);
        if (old == null || (r.fn() != null && r.fn().endsWith(".conda"))) byDist.put(key, r);
    }

    /** CEP 15: base_url may be relative to the subdir's own URL. */
    static String resolveBase(String source, String subdirUrl, String baseUrl) throws CondockException {
        if (baseUrl.contains("://") || subdirUrl == null) return baseUrl;
        String from = subdirUrl.endsWith("/") ? subdirUrl : subdirUrl + "/";
        String to = baseUrl.endsWith("/") ? baseUrl : baseUrl + "/";
        try {
            return java.net.URI.create(from).resolve(to).toString();
        } catch (IllegalArgumentException e) {
            throw CondockException.user(source + ": info.base_url '" + RecordCheck.printable(baseUrl)
                    + "' is not a URL: " + e.getMessage());
        }
    }

    private static CondockException bad(String source, JsonParser p, String what) {
        JsonLocation l = p.currentLocation();
        return CondockException.user(source + ":" + l.getLineNr() + ":" + l.getColumnNr() + ": " + what);
    }
}

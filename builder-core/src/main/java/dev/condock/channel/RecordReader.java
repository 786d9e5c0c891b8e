package dev.condock.channel;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.condock.model.PackageRecord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One repodata record read straight off the token stream (no intermediate tree: a 500k-record channel is
 * read in one pass). Unknown keys are skipped; {@code null} lists read as empty; timestamps in seconds become
 * milliseconds; the record's own name/version/build win over its file name.
 */
final class RecordReader {
    /**
     * A record that cannot be used (conda skips these): thrown only after the whole record was consumed, so the
     * parser is at its end and can go on with the next one.
     */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private RecordReader() {}

    static PackageRecord read(JsonParser p, String fn, String source, String defaultSubdir, String base, String channel)
            throws IOException, Malformed {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            p.skipChildren();
            throw new Malformed("not a JSON object");
        }
        String problem = null;
        String name = null, version = null, build = null, subdir = null, md5 = null, sha256 = null, license = null;
        String noarch = null, features = null;
        long buildNumber = 0, size = -1, ts = -1;
        List<String> depends = List.of(), constrains = List.of(), track = List.of();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            JsonToken t = p.nextToken();
            switch (k) {
                case "name" -> name = text(p, t);
                case "version" -> version = text(p, t);
                case "build" -> build = text(p, t);
                case "subdir" -> subdir = text(p, t);
                case "md5" -> md5 = text(p, t);
                case "sha256" -> sha256 = text(p, t);
                case "license" -> license = text(p, t);
                case "url" -> p.skipChildren(); // conda's SubdirData overwrites it with channel + subdir + fn
                case "build_number" -> buildNumber = t.isNumeric() ? p.getLongValue() : 0;
                case "size" -> size = t.isNumeric() ? p.getLongValue() : -1;
                case "timestamp" -> ts = t.isNumeric() ? p.getLongValue() : -1;
                case "depends", "constrains" -> {
                    List<String> l = strictList(p, t);
                    if (l == null) {
                        problem = problem != null ? problem : "'" + k + "' is not a list of strings";
                    } else if (k.equals("depends")) {
                        depends = l;
                    } else {
                        constrains = l;
                    }
                }
                case "noarch" ->
                    noarch = t == JsonToken.VALUE_TRUE ? "generic" : t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "track_features" -> track = t == JsonToken.START_ARRAY ? list(p, t) : split(text(p, t));
                case "features" -> {
                    String f = t == JsonToken.START_ARRAY ? String.join(" ", list(p, t)) : text(p, t);
                    features = f == null || f.isBlank() ? null : f.strip();
                }
                default -> p.skipChildren();
            }
        }
        if (problem != null) throw new Malformed(problem);
        if (name == null || version == null || build == null) {
            throw new Malformed("lacks name, version or build");
        }
        if (subdir == null) subdir = noarch != null ? "noarch" : defaultSubdir;
        if (ts > 0 && ts < 100_000_000_000L) ts *= 1000; // some channels write seconds; conda compares in ms
        String url = base == null ? null : (base.endsWith("/") ? base : base + "/") + fn;
        return PackageRecord.builder(name, version, build)
                .buildNumber(buildNumber)
                .subdir(subdir)
                .fn(fn)
                .url(url)
                .channel(channel)
                .md5(md5)
                .sha256(sha256)
                .size(size)
                .timestamp(ts)
                .depends(depends)
                .constrains(constrains)
                .noarch(noarch)
                .license(license)
                .trackFeatures(track)
                .features(features)
                .build();
    }

    private static String text(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return null;
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        return p.getText();
    }

    private static List<String> list(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            if (t == JsonToken.START_OBJECT) p.skipChildren();
            return List.of();
        }
        List<String> out = new ArrayList<>(4);
        while (p.nextToken() != JsonToken.END_ARRAY) out.add(p.getText());
        return out;
    }

    /** A list of strings; {@code null} (JSON null) reads as empty; anything else gives null (malformed). */
    private static List<String> strictList(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) return List.of();
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return null;
        }
        List<String> out = new ArrayList<>(4);
        boolean ok = true;
        for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
            if (e == JsonToken.VALUE_STRING) {
                out.add(p.getText());
            } else {
                p.skipChildren();
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private static List<String> split(String s) {
        if (s == null || s.isBlank()) return List.of();
        return List.of(s.strip().split("[ ,]+"));
    }
}

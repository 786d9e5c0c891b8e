package dev.condock.layer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The eStargz table of contents ({@code stargz.index.json}), written byte for byte as the reference writer
 * (containerd/stargz-snapshotter {@code estargz}, Go's {@code json.MarshalIndent(toc, "", "\t")}) writes it: fields
 * in the order of its {@code TOCEntry} struct, zero values left out ({@code omitempty}), Go's string escaping.
 * Its sha256 is the layer's {@code containerd.io/snapshot/stargz/toc.digest} annotation.
 */
final class EstargzToc {
    /** One TOC entry; {@code member} is the index of the gzip member that holds its data (-1: none). */
    static final class Entry {
        final String name;
        final String type;
        long size;
        String modtime;
        String linkName;
        long mode;
        int uid;
        int gid;
        int member = -1;
        String digest;
        long chunkOffset;
        long chunkSize;
        String chunkDigest;

        Entry(String name, String type) {
            this.name = name;
            this.type = type;
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(Entry e) {
        entries.add(e);
    }

    List<Entry> entries() {
        return entries;
    }

    /** The JSON, each data entry's offset taken from {@code offsets} (member index → compressed offset). */
    byte[] json(IntToLongFunction offsets) {
        StringBuilder sb = new StringBuilder(entries.size() * 160 + 64);
        sb.append("{\n\t\"version\": 1,\n\t\"entries\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("\t\t{");
            Fields f = new Fields(sb);
            f.str("name", e.name);
            f.str("type", e.type);
            f.num("size", e.size);
            f.str("modtime", e.modtime);
            f.str("linkName", e.linkName);
            f.num("mode", e.mode);
            f.num("uid", e.uid);
            f.num("gid", e.gid);
            f.num("offset", e.member < 0 ? 0 : offsets.applyAsLong(e.member));
            f.str("digest", e.digest);
            f.num("chunkOffset", e.chunkOffset);
            f.num("chunkSize", e.chunkSize);
            f.str("chunkDigest", e.chunkDigest);
            sb.append("\n\t\t}");
        }
        sb.append(entries.isEmpty() ? "]\n}" : "\n\t]\n}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes "key": value lines, skipping Go's empty values. */
    private static final class Fields {
        private final StringBuilder sb;
        private boolean first = true;

        Fields(StringBuilder sb) {
            this.sb = sb;
        }

        void str(String key, String v) {
            if (v == null || v.isEmpty()) {
                return;
            }
            key(key);
            quote(sb, v);
        }

        void num(String key, long v) {
            if (v == 0) {
                return;
            }
            key(key);
            sb.append(v);
        }

        private void key(String key) {
            sb.append(first ? "\n" : ",\n").append("\t\t\t\"").append(key).append("\": ");
            first = false;
        }
    }

    /** Go's encoding/json string escaping (HTML-safe: &lt; &gt; &amp; and U+2028/9 as \\u escapes). */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b"); // Go 1.22+
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

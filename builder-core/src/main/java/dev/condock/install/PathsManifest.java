package dev.condock.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a package says it installs: info/paths.json when present (authoritative), else the legacy pair
 * info/files + info/has_prefix, else (no manifest at all) every archive member.
 */
final class PathsManifest {
    /** conda's default placeholder, meant when a has_prefix line gives only a path. */
    static final String DEFAULT_PLACEHOLDER = "/opt/anaconda1anaconda2anaconda3";

    private PathsManifest() {}

    static List<ManifestEntry> of(ExtractedPackage p, String pkg) throws CondockException {
        byte[] pathsJson = p.info().get("info/paths.json");
        if (pathsJson != null) {
            return fromPathsJson(pathsJson, pkg);
        }
        Map<String, String[]> prefixes = hasPrefix(p.infoText("info/has_prefix"), pkg);
        List<String> paths = new ArrayList<>();
        String files = p.infoText("info/files");
        if (files != null) {
            for (String line : files.split("\n")) {
                String l = line.strip();
                if (!l.isEmpty()) {
                    paths.add(l);
                }
            }
        } else {
            p.members().values().stream()
                    .filter(m -> m.kind() != ArchiveMember.Kind.DIRECTORY)
                    .forEach(m -> paths.add(m.name()));
        }
        List<ManifestEntry> out = new ArrayList<>();
        for (String raw : paths) {
            String path = MemberNames.normalize(raw, pkg);
            String[] pre = prefixes.get(path);
            out.add(new ManifestEntry(
                    path, null, null, -1, pre == null ? null : pre[0], pre != null && pre[1].equals("binary")));
        }
        return out;
    }

    /**
     * Streamed: one small tree per entry, never the whole document (a package of 300,000 files has a paths.json
     * whose tree would take hundreds of MB).
     */
    private static List<ManifestEntry> fromPathsJson(byte[] json, String pkg) throws CondockException {
        List<ManifestEntry> out = null;
        try (com.fasterxml.jackson.core.JsonParser jp = Json.CANONICAL.createParser(json)) {
            if (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                    String field = jp.currentName();
                    com.fasterxml.jackson.core.JsonToken t = jp.nextToken();
                    if ("paths".equals(field) && t == com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                        out = new ArrayList<>(); // a repeated key: the last one counts, as in a parsed tree
                        while (jp.nextToken() != com.fasterxml.jackson.core.JsonToken.END_ARRAY) {
                            out.add(entry(jp.readValueAsTree(), pkg));
                        }
                    } else {
                        if ("paths".equals(field)) {
                            out = null;
                        }
                        jp.skipChildren();
                    }
                }
            }
        } catch (IOException e) {
            throw CondockException.user("package " + pkg + ": info/paths.json is not valid JSON: "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
        }
        if (out == null) {
            throw CondockException.user("package " + pkg + ": info/paths.json has no \"paths\" list");
        }
        return out;
    }

    private static ManifestEntry entry(JsonNode n, String pkg) throws CondockException {
        JsonNode p = n == null ? null : n.get("_path");
        if (p == null || !p.isTextual()) {
            throw CondockException.user("package " + pkg + ": info/paths.json entry without \"_path\"");
        }
        String path = MemberNames.normalize(p.asText(), pkg);
        String type = text(n, "path_type", "hardlink");
        ManifestEntry.Type t = switch (type) {
            case "hardlink" -> ManifestEntry.Type.HARDLINK;
            case "softlink" -> ManifestEntry.Type.SOFTLINK;
            case "directory" -> ManifestEntry.Type.DIRECTORY;
            default ->
                throw CondockException.user("package " + pkg + ": info/paths.json: unknown path_type '"
                        + MemberNames.printable(type) + "' for " + MemberNames.printable(path));
        };
        String placeholder = text(n, "prefix_placeholder", null);
        String mode = text(n, "file_mode", "text");
        return new ManifestEntry(
                path,
                t,
                text(n, "sha256", null),
                n.has("size_in_bytes") ? n.get("size_in_bytes").asLong(-1) : -1,
                placeholder == null || placeholder.isEmpty() ? null : placeholder,
                "binary".equals(mode));
    }

    /** path -> {placeholder, mode} from has_prefix lines "placeholder mode path" or a bare "path". */
    static Map<String, String[]> hasPrefix(String text, String pkg) throws CondockException {
        Map<String, String[]> out = new HashMap<>();
        if (text == null) {
            return out;
        }
        int lineNo = 0;
        for (String line : text.split("\n")) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> parts = splitQuoted(line.strip());
            if (parts.size() == 1) {
                out.put(MemberNames.normalize(parts.get(0), pkg), new String[] {DEFAULT_PLACEHOLDER, "text"});
            } else if (parts.size() == 3
                    && (parts.get(1).equals("text") || parts.get(1).equals("binary"))) {
                out.put(MemberNames.normalize(parts.get(2), pkg), new String[] {parts.get(0), parts.get(1)});
            } else {
                throw CondockException.user("package " + pkg + ": info/has_prefix line " + lineNo
                        + " is not 'placeholder text|binary path': " + MemberNames.printable(line));
            }
        }
        return out;
    }

    /** Splits on spaces, keeping "quoted parts" whole, as conda's shlex(posix=False) + strip quotes does. */
    private static List<String> splitQuoted(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    cur.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (Character.isWhitespace(c)) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    /** Keeps the last entry of each path, in first-seen order (a manifest naming a path twice). */
    static List<ManifestEntry> dedupe(List<ManifestEntry> entries) {
        Map<String, ManifestEntry> m = new LinkedHashMap<>();
        entries.forEach(e -> m.put(e.path(), e));
        return new ArrayList<>(m.values());
    }
}

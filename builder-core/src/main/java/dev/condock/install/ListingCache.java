package dev.condock.install;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A package's listing (its kept info/ files and every member's tar header) by the archive's sha256, in
 * {@code <cache>/listings/<sha256>.json}: reading the headers of a .conda decompresses its whole payload (0.8 s
 * CPU for a 342 MB package), and a rebuild or a one-package bump would pay that for every unchanged package just
 * to plan. The archive was hash-verified when it was fetched, so its sha256 names its listing. The file starts
 * with a line carrying the sha256 of the rest: an entry that does not match (torn, edited) is deleted and the
 * listing is read from the archive again, never trusted.
 */
final class ListingCache {
    private static final String MAGIC = "condock-listing 1 ";
    private static final JsonFactory JSON = new JsonFactory();

    private final Path dir;

    ListingCache(Path dir) {
        this.dir = dir;
    }

    /** The cached listing of the archive with this sha256; null when there is none or it was bad (removed). */
    ExtractedPackage get(String sha256) {
        Path f = file(sha256);
        byte[] all;
        try {
            all = Files.readAllBytes(f);
        } catch (IOException e) {
            return null; // none (or unreadable: read from the archive)
        }
        int nl = indexOf(all, (byte) '\n');
        String head = nl < 0 ? "" : new String(all, 0, nl, StandardCharsets.US_ASCII);
        byte[] body = nl < 0 ? new byte[0] : Arrays.copyOfRange(all, nl + 1, all.length);
        if (!head.equals(MAGIC + Hashing.sha256Hex(body))) {
            delete(f);
            return null;
        }
        try {
            return parse(body);
        } catch (IOException | RuntimeException e) {
            delete(f);
            return null;
        }
    }

    /** Remembers a listing; best effort (a cache that cannot be written only means reading the archive again). */
    void put(String sha256, ExtractedPackage ex) {
        try {
            byte[] body = render(ex);
            ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 80);
            out.write((MAGIC + Hashing.sha256Hex(body) + "\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            Files.createDirectories(dir);
            AtomicFiles.write(file(sha256), out.toByteArray());
        } catch (IOException e) {
            // not cached
        }
    }

    private Path file(String sha256) {
        return dir.resolve(sha256.toLowerCase(java.util.Locale.ROOT) + ".json");
    }

    private static void delete(Path f) {
        try {
            Files.deleteIfExists(f);
        } catch (IOException e) {
            // a later put replaces it
        }
    }

    private static int indexOf(byte[] b, byte c) {
        for (int i = 0; i < b.length && i < 200; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static byte[] render(ExtractedPackage ex) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("info");
            for (Map.Entry<String, byte[]> e : ex.info().entrySet()) {
                g.writeFieldName(e.getKey());
                g.writeBinary(e.getValue());
            }
            g.writeEndObject();
            g.writeArrayFieldStart("scripts");
            for (String s : ex.infoScripts()) {
                g.writeString(s);
            }
            g.writeEndArray();
            g.writeArrayFieldStart("members"); // in archive order: a later member of a name replaced an earlier one
            for (ArchiveMember m : ex.members().values()) {
                g.writeStartArray();
                g.writeString(m.name());
                g.writeString(m.kind().name());
                g.writeNumber(m.mode());
                g.writeString(m.linkTarget());
                g.writeNumber(m.size());
                g.writeEndArray();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return out.toByteArray();
    }

    static ExtractedPackage parse(byte[] body) throws IOException {
        Map<String, byte[]> info = new TreeMap<>();
        Map<String, ArchiveMember> members = new LinkedHashMap<>();
        List<String> scripts = new ArrayList<>();
        try (JsonParser p = JSON.createParser(body)) {
            expect(p.nextToken(), JsonToken.START_OBJECT);
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                switch (field) {
                    case "info" -> {
                        expect(p.nextToken(), JsonToken.START_OBJECT);
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String name = p.getCurrentName();
                            expect(p.nextToken(), JsonToken.VALUE_STRING);
                            info.put(name, p.getBinaryValue());
                        }
                    }
                    case "scripts" -> {
                        expect(p.nextToken(), JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.VALUE_STRING) {
                            scripts.add(p.getText());
                        }
                    }
                    case "members" -> {
                        expect(p.nextToken(), JsonToken.START_ARRAY);
                        while (p.nextToken() == JsonToken.START_ARRAY) {
                            p.nextToken();
                            String name = p.getText();
                            p.nextToken();
                            ArchiveMember.Kind kind = ArchiveMember.Kind.valueOf(p.getText());
                            p.nextToken();
                            int mode = p.getIntValue();
                            String link = p.nextToken() == JsonToken.VALUE_NULL ? null : p.getText();
                            p.nextToken();
                            long size = p.getLongValue();
                            expect(p.nextToken(), JsonToken.END_ARRAY);
                            members.put(name, new ArchiveMember(name, kind, mode, link, null, size, null));
                        }
                    }
                    default -> throw new IOException("unknown field " + field);
                }
            }
        }
        return new ExtractedPackage(info, members, scripts);
    }

    private static void expect(JsonToken got, JsonToken want) throws IOException {
        if (got != want) {
            throw new IOException("expected " + want + ", got " + got);
        }
    }
}

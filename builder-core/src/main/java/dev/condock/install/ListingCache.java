package dev.condock.install;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.condock.util.AtomicFiles;
import dev.condock.util.Hashing;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
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
    private static final int HEAD_LENGTH = MAGIC.length() + 64 + 1;
    /** The streams stay open: the writer fills in the header after the body, the reader hashes what follows. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build()
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    private final Path dir;

    ListingCache(Path dir) {
        this.dir = dir;
    }

    /** The cached listing of the archive with this sha256; null when there is none or it was bad (removed). */
    ExtractedPackage get(String sha256) {
        Path f = file(sha256);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        // streamed (a 300,000-file package's listing is tens of MB): parsed while hashed, used only if it matches
        try (InputStream in = new BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
            byte[] head = in.readNBytes(HEAD_LENGTH);
            String text = new String(head, StandardCharsets.US_ASCII);
            if (head.length != HEAD_LENGTH || !text.startsWith(MAGIC) || !text.endsWith("\n")) {
                delete(f);
                return null;
            }
            MessageDigest md = Hashing.sha256();
            DigestInputStream body = new DigestInputStream(in, md);
            ExtractedPackage ex = parse(body);
            body.transferTo(OutputStream.nullOutputStream());
            if (!text.equals(header(Hashing.hex(md.digest())))) {
                delete(f);
                return null;
            }
            return ex;
        } catch (IOException | RuntimeException e) {
            delete(f);
            return null;
        }
    }

    /** Remembers a listing; best effort (a cache that cannot be written only means reading the archive again). */
    void put(String sha256, ExtractedPackage ex) {
        Path f = file(sha256);
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = AtomicFiles.tempSibling(f);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                out.write(header("0".repeat(64)).getBytes(StandardCharsets.US_ASCII)); // filled in below
                MessageDigest md = Hashing.sha256();
                render(ex, new DigestOutputStream(out, md));
                out.flush();
                ch.write(ByteBuffer.wrap(header(Hashing.hex(md.digest())).getBytes(StandardCharsets.US_ASCII)), 0);
            }
            AtomicFiles.commit(tmp, f);
        } catch (IOException e) {
            // not cached
        } finally {
            if (tmp != null) {
                delete(tmp);
            }
        }
    }

    private static String header(String hex) {
        return MAGIC + hex + "\n";
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

    static void render(ExtractedPackage ex, OutputStream out) throws IOException {
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
    }

    static ExtractedPackage parse(InputStream body) throws IOException {
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

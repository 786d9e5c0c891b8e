package dev.condock.pip;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Core metadata (METADATA, RFC 822 style): the fields resolution needs. */
record WheelMetadata(
        String name, String version, List<String> requiresDist, String requiresPython, List<String> providesExtra) {

    static WheelMetadata parse(String text) {
        String name = null, version = null, rp = null;
        List<String> deps = new ArrayList<>(), extras = new ArrayList<>();
        String key = null;
        StringBuilder value = new StringBuilder();
        for (String line : (text.replace("\r\n", "\n") + "\n\n").split("\n", -1)) {
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && key != null) {
                value.append(' ').append(line.strip()); // folded header
                continue;
            }
            if (key != null) {
                String v = value.toString().strip();
                switch (key.toLowerCase(java.util.Locale.ROOT)) {
                    case "name" -> name = v;
                    case "version" -> version = v;
                    case "requires-dist" -> deps.add(v);
                    case "requires-python" -> rp = v;
                    case "provides-extra" -> extras.add(PipNames.normalize(v));
                    default -> {}
                }
                key = null;
            }
            if (line.isEmpty()) {
                if (name != null || version != null) break; // end of headers; the body is the description
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) continue;
            key = line.substring(0, colon);
            value.setLength(0);
            value.append(line.substring(colon + 1));
        }
        return new WheelMetadata(name, version, deps, rp == null || rp.isBlank() ? null : rp, extras);
    }

    /** METADATA from inside a wheel: the single top-level {@code *.dist-info/METADATA}. */
    static String readFromWheel(Path wheel, String filename) throws CondockException {
        try (ZipFile z = new ZipFile(wheel.toFile())) {
            WheelTags.WheelName wn = WheelTags.parse(filename);
            ZipEntry found = null;
            for (Enumeration<? extends ZipEntry> en = z.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String n = e.getName();
                if (n.endsWith(".dist-info/METADATA") && n.indexOf('/') == n.length() - "/METADATA".length()) {
                    String dir = n.substring(0, n.indexOf('/') - ".dist-info".length());
                    // a wheel may vendor other dist-infos only nested; the top-level one named like the wheel wins
                    if (found == null
                            || (wn != null
                                    && PipNames.normalize(dir.substring(0, Math.max(0, dir.lastIndexOf('-'))))
                                            .equals(wn.name()))) found = e;
                }
            }
            if (found == null) throw CondockException.user(filename + ": not a wheel (no .dist-info/METADATA)");
            return new String(z.getInputStream(found).readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw CondockException.user(filename + ": not a readable wheel (" + e.getMessage() + ")", e);
        }
    }
}

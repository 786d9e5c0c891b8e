package dev.condock.base;

import com.github.luben.zstd.ZstdInputStream;
import dev.condock.image.ImageBlobs;
import dev.condock.util.AtomicFiles;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Streams a base layer once and keeps only what a base-aware build needs: conda-meta records, whiteouts and the
 * glibc version. Results are cached under {@code <cache>/base-scan/<hex>.json}: a layer digest names its bytes,
 * so the scan of a digest never changes.
 */
public final class LayerScanner {
    private static final Pattern LIBC_NAME =
            Pattern.compile("(?:^|/)lib(?:64|32)?/(?:[^/]+/)?libc-(\\d+\\.\\d+)\\.so$");
    private static final Pattern LIBC_BANNER = Pattern.compile("GNU C Library[^\\n\\x00]*?version (\\d+\\.\\d+)");
    /** libc.so.6 is about 2 MiB; anything far larger is not a libc we should read into memory. */
    private static final long MAX_LIBC_BYTES = 64L << 20;

    private static final long MAX_META_BYTES = 64L << 20;

    private final Path cacheDir;

    public LayerScanner(Path cacheRoot) {
        this.cacheDir = cacheRoot.resolve("base-scan");
    }

    public LayerScan scan(ImageBlobs.Layer layer) throws CondockException {
        String digest = layer.descriptor().digest();
        Path cached = cacheDir.resolve(digest.substring(digest.indexOf(':') + 1) + ".json");
        if (Files.isRegularFile(cached)) {
            try {
                return Json.CANONICAL.readValue(cached.toFile(), LayerScan.class);
            } catch (IOException e) {
                // a damaged cache entry is rescanned and rewritten
            }
        }
        if (layer.source() == null) {
            throw CondockException.user(
                    "base layer " + digest + " is not available locally, so its conda " + "packages cannot be read");
        }
        LayerScan scan;
        try (InputStream in = decompress(layer.source().open())) {
            scan = scan(in);
        } catch (IOException e) {
            throw CondockException.user("base layer " + digest + ": cannot read: " + e.getMessage());
        }
        try {
            Files.createDirectories(cacheDir);
            AtomicFiles.write(cached, Json.canonicalBytes(scan));
        } catch (IOException e) {
            throw CondockException.environment("cannot write " + cached + ": " + e.getMessage(), e);
        }
        return scan;
    }

    static InputStream decompress(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        // tar reads 512-byte records: buffer the decompressed side too, or each record is a decompressor call
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            return new BufferedInputStream(new ZstdInputStream(in), 1 << 16);
        }
        return in;
    }

    static LayerScan scan(InputStream tar) throws IOException {
        Map<String, String> meta = new TreeMap<>();
        List<String> whiteouts = new ArrayList<>();
        List<String> opaque = new ArrayList<>();
        String glibc = null;
        TarArchiveInputStream tin = new TarArchiveInputStream(tar);
        byte[] buf = new byte[1 << 16];
        for (TarArchiveEntry e = tin.getNextEntry(); e != null; e = tin.getNextEntry()) {
            String name = clean(e.getName());
            int slash = name.lastIndexOf('/');
            String base = name.substring(slash + 1);
            String dir = slash < 0 ? "" : name.substring(0, slash);
            if (base.equals(".wh..wh..opq")) {
                opaque.add(dir);
                continue;
            }
            if (base.startsWith(".wh.")) {
                whiteouts.add((dir.isEmpty() ? "" : dir + "/") + base.substring(4));
                continue;
            }
            Matcher byName = LIBC_NAME.matcher(name);
            if (byName.find()) {
                glibc = newer(glibc, byName.group(1));
            }
            if (!e.isFile()) {
                continue;
            }
            if (dir.endsWith("conda-meta") && base.endsWith(".json") && e.getSize() < MAX_META_BYTES) {
                meta.put(name, new String(tin.readAllBytes(), StandardCharsets.UTF_8));
            } else if (base.equals("libc.so.6") && e.getSize() < MAX_LIBC_BYTES) {
                Matcher m = LIBC_BANNER.matcher(new String(tin.readAllBytes(), StandardCharsets.ISO_8859_1));
                if (m.find()) {
                    glibc = newer(glibc, m.group(1));
                }
            } else {
                drain(tin, buf);
            }
        }
        return new LayerScan(meta, whiteouts, opaque, glibc);
    }

    /**
     * Reads past an entry's data in large blocks: letting the tar reader skip it goes through
     * InflaterInputStream.skip, which inflates into a 512-byte buffer and is several times slower.
     */
    private static void drain(InputStream in, byte[] buf) throws IOException {
        while (in.read(buf) >= 0) {
            // discard
        }
    }

    private static String newer(String a, String b) {
        if (a == null) {
            return b;
        }
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        if (c == 0) {
            c = Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
        }
        return c >= 0 ? a : b;
    }

    /** Tar names as image paths: no "./" or leading "/", no trailing "/". */
    static String clean(String name) {
        String s = name;
        while (s.startsWith("./") || s.startsWith("/")) {
            s = s.substring(s.startsWith("./") ? 2 : 1);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}

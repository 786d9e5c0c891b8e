package dev.condock.wheel;

import dev.condock.install.NoarchPython;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import dev.condock.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Installs one wheel (PEP 427) into the prefix the way pip would, without running python: members land in
 * {@code lib/pythonX.Y/site-packages} (purelib and platlib alike: a conda prefix has one site-packages), the
 * {@code .data/} directories where sysconfig puts them, {@code #!python} scripts and entry points get the prefix
 * python (entry points with conda's own launcher), and the {@code .dist-info} gets a RECORD of the installed
 * paths, {@code INSTALLER} ({@code condock}), {@code REQUESTED} and {@code direct_url.json} where they apply.
 * Every member is checked against the wheel's RECORD hash; traversal, absolute paths, symlinks and members
 * missing from RECORD are refused. No .pyc is compiled (python writes them at first import, or not at all on a
 * read-only image): compiling would need a python of the target and would tie the bytes to its version.
 * The result depends only on the wheel's bytes and the options: entries sorted, modes normalized.
 */
public final class WheelInstaller {
    /**
     * Bumped whenever what this class writes for the same wheel changes (RECORD, launchers, placement): it is
     * part of each pip layer's record, so the layer cache never hands out a layer written by older rules.
     */
    public static final String RULES = "condock-wheel-install-1";

    private static final long MAX_SCRIPT_BYTES = 64L << 20;

    private final String prefix;
    private final PythonAbi python;
    private final Path stagingDir;
    private final long maxExpandedBytes;
    private final String sitePackages;

    /**
     * @param prefix           absolute prefix in the image ("/opt/conda")
     * @param python           the environment's python
     * @param stagingDir       where installed content is written (a directory per wheel under it)
     * @param maxExpandedBytes bound on what one wheel may expand to (zip bomb guard)
     */
    public WheelInstaller(String prefix, PythonAbi python, Path stagingDir, long maxExpandedBytes) {
        this.prefix = prefix;
        this.python = python;
        this.stagingDir = stagingDir;
        this.maxExpandedBytes = maxExpandedBytes;
        this.sitePackages = "lib/python" + python.tag() + "/site-packages";
    }

    public String sitePackages() {
        return sitePackages;
    }

    public InstalledWheel install(WheelToInstall w) throws CondockException {
        WheelName name = WheelName.parse(w.filename());
        String wheel = w.filename();
        Path work = stagingDir.resolve("pypi").resolve(name.normalizedName());
        try {
            FileTrees.delete(work);
            Files.createDirectories(work);
        } catch (IOException e) {
            throw CondockException.environment("cannot prepare staging directory " + work + ": " + e.getMessage(), e);
        }
        // the File constructor: the builder would tie this class to commons-io types (undeclared dependency)
        try (@SuppressWarnings("deprecation")
                ZipFile zip = new ZipFile(w.archive().toFile())) {
            return new Run(w, name, zip, work).install();
        } catch (IOException e) {
            throw CondockException.user("wheel " + wheel + ": not a readable zip archive: " + e.getMessage(), e);
        }
    }

    /** The state of one wheel's installation. */
    private final class Run {
        private final WheelToInstall w;
        private final WheelName name;
        private final ZipFile zip;
        private final Path work;
        private final String wheel;
        private final Map<String, TreeEntry> entries = new TreeMap<>();
        /** sha256 (RECORD's urlsafe base64) of each installed file, taken while it was written. */
        private final Map<String, String> installedHashes = new TreeMap<>();

        private long expanded;
        private String distInfo;
        private String dataDir;

        Run(WheelToInstall w, WheelName name, ZipFile zip, Path work) {
            this.w = w;
            this.name = name;
            this.zip = zip;
            this.work = work;
            this.wheel = w.filename();
        }

        InstalledWheel install() throws CondockException, IOException {
            Map<String, ZipArchiveEntry> members = members();
            findDistInfo(members);
            Map<String, RecordFile.Row> record = RecordFile.parse(wheel, read(members.get(distInfo + "/RECORD")));
            checkWheelFile(members);
            for (String path : members.keySet()) {
                if (!record.containsKey(path) && !isSignature(path)) {
                    throw hostile(path, "is not listed in RECORD");
                }
            }
            for (String path : record.keySet()) {
                if (!members.containsKey(path)) {
                    throw CondockException.user("wheel " + wheel + ": RECORD lists '" + WheelName.printable(path)
                            + "' but the wheel has no such member");
                }
            }
            for (Map.Entry<String, ZipArchiveEntry> m : members.entrySet()) {
                String path = m.getKey();
                if (isSignature(path) || isReplaced(path)) {
                    continue;
                }
                install(path, m.getValue(), record.get(path));
            }
            ZipArchiveEntry ep = members.get(distInfo + "/entry_points.txt");
            if (ep != null) {
                for (EntryPoints.EntryPoint e : EntryPoints.parse(wheel, read(ep))) {
                    byte[] script = NoarchPython.launcher(prefix, python, e.module(), e.function());
                    add("bin/" + e.command(), 0755, script, "entry point " + e.command());
                }
            }
            String di = sitePackages + "/" + distInfo;
            add(di + "/INSTALLER", 0644, "condock\n".getBytes(StandardCharsets.UTF_8), "INSTALLER");
            if (w.requested()) {
                add(di + "/REQUESTED", 0644, new byte[0], "REQUESTED");
            }
            if (w.directUrl() != null) {
                add(di + "/direct_url.json", 0644, directUrlJson(), "direct_url.json");
            }
            add(di + "/RECORD", 0644, installedRecord(di + "/RECORD"), "RECORD");
            long size = Files.size(w.archive());
            String version = distInfo.substring(distInfo.indexOf('-') + 1, distInfo.length() - ".dist-info".length());
            return new InstalledWheel(name.normalizedName(), version, wheel, size, new ArrayList<>(entries.values()));
        }

        /** All members by checked name; directories dropped (the layer writer makes parents), links refused. */
        private Map<String, ZipArchiveEntry> members() throws CondockException {
            Map<String, ZipArchiveEntry> out = new TreeMap<>();
            for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
                String raw = e.getName();
                String path = checkedName(raw);
                if (e.isUnixSymlink()) {
                    throw hostile(raw, "is a symlink (wheels carry regular files only)");
                }
                if (e.isDirectory()) {
                    continue;
                }
                int type = e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? e.getUnixMode() & 0170000 : 0;
                if (type != 0 && type != 0100000) {
                    throw hostile(raw, "is not a regular file");
                }
                if (out.put(path, e) != null) {
                    throw hostile(raw, "appears twice");
                }
            }
            return out;
        }

        private String checkedName(String raw) throws CondockException {
            if (raw.indexOf('\0') >= 0) {
                throw hostile(raw, "has a NUL byte in its name");
            }
            if (raw.startsWith("/")) {
                throw hostile(raw, "has an absolute path");
            }
            if (raw.contains("\\")) {
                throw hostile(raw, "has a backslash in its name");
            }
            StringBuilder sb = new StringBuilder();
            for (String part : raw.split("/")) {
                if (part.isEmpty() || part.equals(".")) {
                    continue;
                }
                if (part.equals("..")) {
                    throw hostile(raw, "has a '..' component");
                }
                sb.append(sb.length() > 0 ? "/" : "").append(part);
            }
            if (sb.length() == 0) {
                throw hostile(raw, "has an empty name");
            }
            return sb.toString();
        }

        /** The one top-level {@code <name>-<version>.dist-info} of the distribution the file name names. */
        private void findDistInfo(Map<String, ZipArchiveEntry> members) throws CondockException, IOException {
            DistInfoChecks.oneDistInfo(wheel, members.keySet());
            List<String> found = new ArrayList<>();
            for (String p : members.keySet()) {
                int slash = p.indexOf('/');
                if (slash > 0
                        && p.substring(slash + 1).equals("WHEEL")
                        && p.substring(0, slash).endsWith(".dist-info")) {
                    found.add(p.substring(0, slash));
                }
            }
            if (found.size() != 1) {
                throw CondockException.user(
                        "wheel " + wheel + ": expected one .dist-info directory with a WHEEL file, found "
                                + (found.isEmpty() ? "none" : String.join(", ", found)));
            }
            distInfo = found.get(0);
            String stem = distInfo.substring(0, distInfo.length() - ".dist-info".length());
            int dash = stem.indexOf('-');
            if (dash <= 0 || !WheelName.normalize(stem.substring(0, dash)).equals(name.normalizedName())) {
                throw CondockException.user("wheel " + wheel + ": its metadata directory " + distInfo + " is not for "
                        + name.normalizedName());
            }
            if (!members.containsKey(distInfo + "/RECORD")) {
                throw CondockException.user("wheel " + wheel + ": " + distInfo + "/RECORD is missing");
            }
            ZipArchiveEntry metadata = members.get(distInfo + "/METADATA");
            DistInfoChecks.metadata(wheel, distInfo, metadata == null ? null : read(metadata), name.normalizedName());
            dataDir = stem + ".data";
        }

        private void checkWheelFile(Map<String, ZipArchiveEntry> members) throws CondockException, IOException {
            String text = new String(read(members.get(distInfo + "/WHEEL")), StandardCharsets.UTF_8);
            for (String line : text.split("\r?\n")) {
                if (line.startsWith("Wheel-Version:")) {
                    String v = line.substring("Wheel-Version:".length()).strip();
                    if (!v.startsWith("1.")) {
                        throw CondockException.user("wheel " + wheel + ": Wheel-Version " + WheelName.printable(v)
                                + " is not supported (1.x)");
                    }
                    return;
                }
            }
            throw CondockException.user("wheel " + wheel + ": " + distInfo + "/WHEEL has no Wheel-Version");
        }

        private boolean isSignature(String path) {
            return path.equals(distInfo + "/RECORD.jws") || path.equals(distInfo + "/RECORD.p7s");
        }

        /** Files condock writes itself: a wheel's own copies would describe another installer. */
        private boolean isReplaced(String path) {
            return path.equals(distInfo + "/RECORD")
                    || path.equals(distInfo + "/INSTALLER")
                    || path.equals(distInfo + "/REQUESTED")
                    || path.equals(distInfo + "/direct_url.json");
        }

        /** Where a member goes, prefix-relative (PEP 427's "spread" step). */
        private String target(String path) throws CondockException {
            if (!path.startsWith(dataDir + "/")) {
                return sitePackages + "/" + path;
            }
            String rest = path.substring(dataDir.length() + 1);
            int slash = rest.indexOf('/');
            if (slash <= 0) {
                throw hostile(path, "is not inside a .data/<scheme>/ directory");
            }
            String scheme = rest.substring(0, slash);
            String sub = rest.substring(slash + 1);
            return switch (scheme) {
                case "purelib", "platlib" -> sitePackages + "/" + sub;
                case "scripts" -> {
                    if (sub.contains("/")) {
                        throw hostile(path, "is a script in a subdirectory of .data/scripts");
                    }
                    yield "bin/" + sub;
                }
                case "headers" -> "include/python" + python.tag() + "/" + name.normalizedName() + "/" + sub;
                case "data" -> sub;
                default -> throw hostile(path, "uses unknown .data scheme '" + scheme + "'");
            };
        }

        private void install(String path, ZipArchiveEntry e, RecordFile.Row row) throws CondockException, IOException {
            if (row.algorithm() == null) {
                throw hostile(path, "has no hash in RECORD");
            }
            String target = target(path);
            boolean script = target.startsWith("bin/") && path.startsWith(dataDir + "/scripts/");
            int mode = script || (e.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX && (e.getUnixMode() & 0111) != 0)
                    ? 0755
                    : 0644;
            MessageDigest md = RecordFile.digest(wheel, row);
            if (script) {
                byte[] bytes = readChecked(path, e, md, row);
                add(target, mode, rewriteShebang(bytes), path);
                return;
            }
            Path staged = stage(target);
            MessageDigest sha = Hashing.sha256();
            long n = 0;
            try (InputStream in = zip.getInputStream(e);
                    OutputStream out = Files.newOutputStream(staged)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    n += r;
                    budget(r);
                    md.update(buf, 0, r);
                    sha.update(buf, 0, r);
                    out.write(buf, 0, r);
                }
            }
            check(path, md, row, n);
            put(target, TreeEntry.file(target, mode, staged, n), path);
            installedHashes.put(target, RecordFile.b64(sha.digest()));
        }

        private byte[] readChecked(String path, ZipArchiveEntry e, MessageDigest md, RecordFile.Row row)
                throws CondockException, IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = zip.getInputStream(e)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    budget(r);
                    if (out.size() + r > MAX_SCRIPT_BYTES) {
                        throw hostile(path, "is a script over " + (MAX_SCRIPT_BYTES >> 20) + " MiB");
                    }
                    md.update(buf, 0, r);
                    out.write(buf, 0, r);
                }
            }
            byte[] bytes = out.toByteArray();
            check(path, md, row, bytes.length);
            return bytes;
        }

        private void check(String path, MessageDigest md, RecordFile.Row row, long n) throws CondockException {
            String got = RecordFile.b64(md.digest());
            if (!got.equals(row.digest())) {
                throw CondockException.user("wheel " + wheel + ": member '" + WheelName.printable(path)
                        + "' does not match its RECORD hash (RECORD " + row.algorithm() + "="
                        + WheelName.printable(row.digest()) + ", content " + got + ")");
            }
            if (row.size() != null && row.size() != n) {
                throw CondockException.user("wheel " + wheel + ": member '" + WheelName.printable(path) + "' has " + n
                        + " bytes, RECORD says " + row.size());
            }
        }

        /** {@code #!python} (and {@code #!pythonw}) become the prefix python, as pip does for .data/scripts. */
        private byte[] rewriteShebang(byte[] bytes) {
            String head = new String(bytes, 0, Math.min(bytes.length, 256), StandardCharsets.ISO_8859_1);
            if (!head.startsWith("#!python")) {
                return bytes;
            }
            int eol = head.indexOf('\n');
            if (eol < 0 && bytes.length > 256) {
                return bytes;
            }
            int end = eol < 0 ? bytes.length : eol + 1;
            String first = head.substring(0, eol < 0 ? bytes.length : eol).replaceFirst("\r$", "");
            if (!first.matches("#!pythonw?(\\s.*)?")) {
                return bytes;
            }
            byte[] line = NoarchPython.shebangFor(prefix, python).getBytes(StandardCharsets.UTF_8);
            byte[] out = new byte[line.length + bytes.length - end];
            System.arraycopy(line, 0, out, 0, line.length);
            System.arraycopy(bytes, end, out, line.length, bytes.length - end);
            return out;
        }

        private void budget(long n) throws CondockException {
            expanded += n;
            if (expanded > maxExpandedBytes) {
                throw CondockException.user(
                        "wheel " + wheel + ": expands to more than " + maxExpandedBytes + " bytes; refusing it");
            }
        }

        private Path stage(String target) throws IOException {
            Path p = work.resolve(target);
            Files.createDirectories(p.getParent());
            return p;
        }

        private void add(String target, int mode, byte[] content, String from) throws CondockException, IOException {
            Path staged = stage(target);
            Files.write(staged, content);
            put(target, TreeEntry.file(target, mode, staged, content.length), from);
            installedHashes.put(target, RecordFile.b64(Hashing.sha256().digest(content)));
        }

        private void put(String target, TreeEntry e, String from) throws CondockException {
            if (entries.put(target, e) != null) {
                throw CondockException.user("wheel " + wheel + ": " + WheelName.printable(from) + " and another member "
                        + "both install " + target);
            }
        }

        /** RECORD of the installed files, paths relative to site-packages as pip writes them, sorted. */
        private byte[] installedRecord(String recordPath) {
            StringBuilder sb = new StringBuilder();
            String up = "../".repeat(sitePackages.split("/").length);
            for (TreeEntry e : entries.values()) {
                String rel = e.path().startsWith(sitePackages + "/")
                        ? e.path().substring(sitePackages.length() + 1)
                        : up + e.path();
                String hash = "sha256=" + installedHashes.get(e.path());
                sb.append(RecordFile.line(rel, hash, Long.toString(e.size())));
            }
            sb.append(RecordFile.line(recordPath.substring(sitePackages.length() + 1), "", ""));
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** PEP 610 for an archive URL, keys in a fixed order. */
        private byte[] directUrlJson() {
            StringBuilder sb = new StringBuilder("{\"archive_info\": {");
            if (w.sha256() != null) {
                sb.append("\"hash\": \"sha256=")
                        .append(w.sha256())
                        .append("\", \"hashes\": {\"sha256\": \"")
                        .append(w.sha256())
                        .append("\"}");
            }
            sb.append("}, \"url\": \"")
                    .append(w.directUrl().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append("\"}\n");
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        private byte[] read(ZipArchiveEntry e) throws IOException, CondockException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = zip.getInputStream(e)) {
                byte[] buf = new byte[1 << 16];
                int r;
                while ((r = in.read(buf)) > 0) {
                    if (out.size() + r > MAX_SCRIPT_BYTES) {
                        throw hostile(e.getName(), "is a metadata file over " + (MAX_SCRIPT_BYTES >> 20) + " MiB");
                    }
                    out.write(buf, 0, r);
                }
            }
            return out.toByteArray();
        }

        private CondockException hostile(String member, String why) {
            return CondockException.user(
                    "wheel " + wheel + ": refusing member '" + WheelName.printable(member) + "': " + why);
        }
    }
}

package dev.condock.install;

import com.github.luben.zstd.ZstdInputStream;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Reads a {@code .conda} or {@code .tar.bz2} archive: keeps the info/ files the installer needs in memory and
 * stages every other member's raw bytes as numbered files under {@code rawDir} (numbered, not named, so no
 * member name ever becomes a path on the builder's disk). Refuses hostile members as it goes.
 */
final class ArchiveReader {
    private static final Set<String> KEPT_INFO =
            Set.of("info/index.json", "info/paths.json", "info/files", "info/has_prefix", "info/link.json");
    private static final long MAX_INFO_FILE = 64L << 20;
    private static final Pattern INFO_SCRIPT =
            // only top-level info/ scripts: info/recipe/ holds copies of the recipe, which nothing runs
            Pattern.compile("info/(pre-link|post-link|pre-unlink|post-unlink)\\.(sh|bat)");

    private final String pkg;
    private final Path archive;
    private final Path rawDir;
    private final ExpansionBudget budget;
    private static final String EMPTY_SHA256 = Hashing.sha256Hex(new byte[0]);
    private final byte[] copyBuffer = new byte[1 << 16];
    private final Map<String, byte[]> info = new TreeMap<>();
    private final Map<String, ArchiveMember> members = new LinkedHashMap<>();
    private final List<String> infoScripts = new ArrayList<>();
    private int fileCount;

    ArchiveReader(String pkg, Path archive, Path rawDir, long maxExpandedBytes) throws IOException {
        this.pkg = pkg;
        this.archive = archive;
        this.rawDir = rawDir;
        this.budget = new ExpansionBudget(pkg, maxExpandedBytes, Files.size(archive));
    }

    ExtractedPackage read() throws CondockException {
        String fn = archive.getFileName().toString();
        try {
            Files.createDirectories(rawDir);
            if (fn.endsWith(".conda")) {
                readConda();
            } else if (fn.endsWith(".tar.bz2")) {
                try (InputStream in = new BZip2CompressorInputStream(
                        new BufferedInputStream(Files.newInputStream(archive), 1 << 16), true)) {
                    readTar(in, Part.BOTH);
                }
            } else {
                throw CondockException.user("package " + pkg + ": " + fn + " is neither .conda nor .tar.bz2");
            }
        } catch (CondockException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // commons-compress and zstd-jni report corrupt input as IOException or unchecked exceptions
            throw CondockException.user(
                    "package " + pkg + ": corrupt archive " + archive.getFileName() + ": " + oneLine(e), e);
        }
        if (!info.containsKey("info/index.json")) {
            throw CondockException.user(
                    "package " + pkg + ": corrupt archive " + archive.getFileName() + ": no info/index.json");
        }
        return new ExtractedPackage(info, members, infoScripts);
    }

    private enum Part {
        INFO,
        PKG,
        BOTH
    }

    private void readConda() throws IOException, CondockException {
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            ZipEntry infoEntry = null;
            ZipEntry pkgEntry = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                // members may sit under a directory inside the zip: match on the last component
                String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                if (base.startsWith("info-") && base.endsWith(".tar.zst")) {
                    infoEntry = only(infoEntry, e);
                } else if (base.startsWith("pkg-") && base.endsWith(".tar.zst")) {
                    pkgEntry = only(pkgEntry, e);
                }
            }
            if (infoEntry == null) {
                throw CondockException.user(
                        "package " + pkg + ": corrupt archive " + archive.getFileName() + ": no info-*.tar.zst inside");
            }
            readZstdTar(zip, infoEntry, Part.INFO);
            if (pkgEntry != null) {
                readZstdTar(zip, pkgEntry, Part.PKG);
            }
        }
    }

    private ZipEntry only(ZipEntry seen, ZipEntry e) throws CondockException {
        if (seen != null) {
            throw CondockException.user("package " + pkg + ": corrupt archive " + archive.getFileName() + ": both "
                    + seen.getName() + " and " + e.getName());
        }
        return e;
    }

    private void readZstdTar(ZipFile zip, ZipEntry entry, Part part) throws IOException, CondockException {
        try (InputStream in = new ZstdInputStream(new BufferedInputStream(zip.getInputStream(entry), 1 << 16))) {
            readTar(in, part);
        }
    }

    private void readTar(InputStream in, Part part) throws IOException, CondockException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            budget.chargeMember(e.getName());
            if (e.isDirectory() && e.getName().matches("(\\./?)+")) {
                continue; // the archive's own root ("./"), which tar writes when packing a directory
            }
            String name = MemberNames.normalize(e.getName(), pkg);
            boolean isInfo = name.equals("info") || name.startsWith("info/");
            if (isInfo && part != Part.PKG) {
                readInfo(tar, e, name);
            } else if (!isInfo && part != Part.INFO) {
                readMember(tar, e, name);
            } else {
                drain(tar, e.getName()); // a member in the wrong tar of a .conda is not installed
            }
        }
    }

    private void readInfo(InputStream tar, TarArchiveEntry e, String name) throws IOException, CondockException {
        if (INFO_SCRIPT.matcher(name).matches()) {
            infoScripts.add(name);
        }
        if (!e.isFile() || !KEPT_INFO.contains(name)) {
            drain(tar, e.getName());
            return;
        }
        if (e.getSize() > MAX_INFO_FILE) {
            throw MemberNames.hostile(pkg, e.getName(), "info file larger than " + MAX_INFO_FILE + " bytes");
        }
        budget.charge(e.getSize(), e.getName());
        info.put(name, tar.readAllBytes());
    }

    private void readMember(InputStream tar, TarArchiveEntry e, String name) throws IOException, CondockException {
        if (name.equals("conda-meta") || name.startsWith("conda-meta/")) {
            throw MemberNames.hostile(pkg, e.getName(), "packages must not write into conda-meta/");
        }
        int perm = e.getMode() & 0777;
        ArchiveMember m;
        if (e.isSymbolicLink()) {
            m = new ArchiveMember(name, ArchiveMember.Kind.SYMLINK, 0777, e.getLinkName(), null, 0, null);
        } else if (e.isLink()) {
            m = hardlink(name, e);
        } else if (e.isDirectory()) {
            m = new ArchiveMember(name, ArchiveMember.Kind.DIRECTORY, 0755, null, null, 0, null);
        } else if (e.isCharacterDevice() || e.isBlockDevice() || e.isFIFO()) {
            throw MemberNames.hostile(pkg, e.getName(), "device and fifo members are not allowed");
        } else if (e.isFile() && !e.isSparse()) {
            m = stage(tar, e, name, perm);
        } else {
            throw MemberNames.hostile(pkg, e.getName(), "unsupported tar member type '" + (char) linkFlag(e) + "'");
        }
        members.remove(name); // a later member of the same name replaces the earlier one, as tar does
        members.put(name, m);
    }

    private ArchiveMember hardlink(String name, TarArchiveEntry e) throws CondockException {
        String target;
        try {
            target = MemberNames.normalize(e.getLinkName(), pkg);
        } catch (CondockException bad) {
            throw MemberNames.hostile(
                    pkg,
                    e.getName(),
                    "hardlink to '" + MemberNames.printable(e.getLinkName()) + "' leaves the package");
        }
        ArchiveMember t = members.get(target);
        if (t == null || (t.kind() != ArchiveMember.Kind.FILE && t.kind() != ArchiveMember.Kind.HARDLINK)) {
            throw MemberNames.hostile(
                    pkg,
                    e.getName(),
                    "hardlink to '" + MemberNames.printable(e.getLinkName())
                            + "', which is not a file earlier in the package");
        }
        String root = t.kind() == ArchiveMember.Kind.HARDLINK ? t.linkTarget() : target;
        return new ArchiveMember(name, ArchiveMember.Kind.HARDLINK, t.mode(), root, t.content(), t.size(), t.sha256());
    }

    /** Copies a file member to its numbered staging file, hashing it on the way (conda-meta wants the hash). */
    private ArchiveMember stage(InputStream tar, TarArchiveEntry e, String name, int perm)
            throws IOException, CondockException {
        Path out = rawDir.resolve(String.format("%07d", fileCount++));
        byte[] buf = copyBuffer; // one per reader: 300,000 members must not allocate 64 KiB each
        long total = 0;
        MessageDigest sha = Hashing.sha256();
        try (OutputStream os = Files.newOutputStream(out)) {
            int n;
            while ((n = tar.read(buf)) > 0) {
                budget.charge(n, e.getName());
                os.write(buf, 0, n);
                sha.update(buf, 0, n);
                total += n;
            }
        }
        if (total != e.getSize()) {
            throw new IOException("member " + e.getName() + " is truncated");
        }
        // empty files all share one hash string (packages of many empty files keep one per member otherwise)
        String hex = total == 0 ? EMPTY_SHA256 : Hashing.hex(sha.digest());
        return new ArchiveMember(name, ArchiveMember.Kind.FILE, perm, null, out, total, hex);
    }

    private void drain(InputStream tar, String member) throws IOException, CondockException {
        byte[] buf = new byte[1 << 16];
        int n;
        while ((n = tar.read(buf)) > 0) {
            budget.charge(n, member);
        }
    }

    private static byte linkFlag(TarArchiveEntry e) {
        return e.isSparse() ? (byte) 'S' : (e.isGlobalPaxHeader() ? (byte) 'g' : (byte) '?');
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replaceAll("[\\r\\n]+", " ");
    }
}

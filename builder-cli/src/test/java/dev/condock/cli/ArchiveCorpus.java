package dev.condock.cli;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.PackageArchiveWriter;
import dev.condock.pkgbuild.TarMember;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * .conda and .tar.bz2 archives gone wrong, each written with builder-testkit's writer (or its bytes corrupted
 * afterwards) and built from an @EXPLICIT lock that pins the archive's real sha256, so the archive itself, not the
 * hash, is what gets refused.
 */
final class ArchiveCorpus {
    private static final byte[] DATA = "hello\n".getBytes(StandardCharsets.UTF_8);
    private static final String SHA = HexFormat.of().formatHex(sha256(DATA));
    private static final String INDEX = "{\"name\":\"p\",\"version\":\"1\",\"build\":\"0\",\"subdir\":\"linux-64\"}";

    private ArchiveCorpus() {}

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int indexOf(byte[] hay, String needle) {
        byte[] n = needle.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i + n.length <= hay.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (hay[i + j] != n[j]) continue outer;
            }
            return i;
        }
        throw new IllegalStateException(needle + " not in the archive");
    }

    static TarMember info(String name, String text) {
        return TarMember.file(name, text.getBytes(StandardCharsets.UTF_8), 0644);
    }

    static String paths(String... entries) {
        return "{\"paths\":[" + String.join(",", entries) + "],\"paths_version\":1}";
    }

    static String hardlink(String path, String sha, long size) {
        return "{\"_path\":\"" + path + "\",\"path_type\":\"hardlink\",\"sha256\":\"" + sha + "\",\"size_in_bytes\":"
                + size + "}";
    }

    /** A lock pinning {@code archive}'s bytes as they are now, and the build of it. */
    static List<String> buildArchive(Path dir, Path archive) throws Exception {
        String sha = HexFormat.of().formatHex(sha256(Files.readAllBytes(archive)));
        Path lock = Files.writeString(dir.resolve("l.txt"), "@EXPLICIT\n" + archive.toUri() + "#sha256:" + sha + "\n");
        return LockCorpus.build(dir, lock);
    }

    private static CorpusCase pkg(
            ArchiveFormat f,
            String name,
            List<TarMember> info,
            List<TarMember> members,
            UnaryOperator<byte[]> corrupt,
            int exit,
            String fragment) {
        return new CorpusCase("archive " + f.extension() + ": " + name, exit, fragment, d -> {
            Path dir = Files.createDirectories(d.resolve("c/linux-64"));
            Path a = new PackageArchiveWriter().write(dir, "p-1-0", f, info, members);
            Files.write(a, corrupt.apply(Files.readAllBytes(a)));
            return buildArchive(d, a);
        });
    }

    private static CorpusCase members(ArchiveFormat f, String name, List<TarMember> members, String fragment) {
        return pkg(f, name, List.of(info("info/index.json", INDEX)), members, b -> b, 2, fragment);
    }

    private static CorpusCase manifest(ArchiveFormat f, String name, String pathsJson, String fragment) {
        return pkg(
                f,
                name,
                List.of(info("info/index.json", INDEX), info("info/paths.json", pathsJson)),
                List.of(TarMember.file("share/x", DATA, 0644)),
                b -> b,
                2,
                fragment);
    }

    private static CorpusCase bytes(ArchiveFormat f, String name, UnaryOperator<byte[]> corrupt, String fragment) {
        return pkg(
                f,
                name,
                List.of(info("info/index.json", INDEX), info("info/paths.json", paths(hardlink("share/x", SHA, 6)))),
                List.of(TarMember.file("share/x", DATA, 0644)),
                corrupt,
                2,
                fragment);
    }

    static List<CorpusCase> cases() {
        List<CorpusCase> c = new ArrayList<>();
        for (ArchiveFormat f : ArchiveFormat.values()) {
            c.add(pkg(
                    f,
                    "a good one",
                    List.of(
                            info("info/index.json", INDEX),
                            info("info/paths.json", paths(hardlink("share/x", SHA, 6)))),
                    List.of(TarMember.file("share/x", DATA, 0644)),
                    b -> b,
                    0,
                    ""));
            c.add(bytes(
                    f,
                    "garbage",
                    b -> "this is not an archive".getBytes(StandardCharsets.UTF_8),
                    "package p-1-0: corrupt archive"));
            c.add(bytes(f, "empty", b -> new byte[0], "package p-1-0: corrupt archive"));
            c.add(bytes(f, "truncated", b -> java.util.Arrays.copyOf(b, b.length / 2), "package p-1-0"));
            c.add(bytes(f, "one byte", b -> java.util.Arrays.copyOf(b, 1), "package p-1-0"));
            c.add(bytes(
                    f,
                    "flipped bytes",
                    b -> {
                        // inside the compressed package content: in a .conda, just after the pkg tar's local header
                        byte[] o = b.clone();
                        int at = f == ArchiveFormat.CONDA ? indexOf(o, "pkg-p-1-0.tar.zst") + 40 : o.length / 3;
                        for (int i = at; i < at + 8; i++) o[i] ^= (byte) 0x5a;
                        return o;
                    },
                    "package p-1-0"));
            c.add(pkg(f, "an empty package", List.of(info("info/index.json", INDEX)), List.of(), b -> b, 0, ""));
            c.add(pkg(
                    f,
                    "no index.json at all",
                    List.of(info("info/files", "share/x\n")),
                    List.of(TarMember.file("share/x", DATA, 0644)),
                    b -> b,
                    2,
                    "no info/index.json"));
            c.add(pkg(
                    f,
                    "index.json not JSON",
                    List.of(info("info/index.json", "{name: p")),
                    List.of(),
                    b -> b,
                    2,
                    "package p-1-0: info/index.json is not valid JSON"));
            c.add(pkg(
                    f,
                    "index.json a list",
                    List.of(info("info/index.json", "[1]")),
                    List.of(),
                    b -> b,
                    2,
                    "package p-1-0: info/index.json is not a JSON object"));
            c.add(pkg(
                    f,
                    "index.json names another package",
                    List.of(info("info/index.json", INDEX.replace("\"p\"", "\"q\""))),
                    List.of(),
                    b -> b,
                    2,
                    "info/index.json describes q-1-0, not the locked p-1-0"));
            c.add(pkg(
                    f,
                    "index.json names another build",
                    List.of(info("info/index.json", INDEX.replace("\"0\"", "\"1\""))),
                    List.of(),
                    b -> b,
                    2,
                    "info/index.json describes p-1-1"));
            c.add(manifest(f, "paths.json not JSON", "{paths", "package p-1-0: info/paths.json is not valid JSON"));
            c.add(manifest(f, "paths.json without paths", "{}", "info/paths.json has no \"paths\" list"));
            c.add(manifest(
                    f,
                    "paths.json entry without _path",
                    paths("{\"path_type\":\"hardlink\"}"),
                    "entry without \"_path\""));
            c.add(manifest(
                    f,
                    "paths.json unknown path_type",
                    paths("{\"_path\":\"share/x\",\"path_type\":\"teleport\"}"),
                    "unknown path_type 'teleport'"));
            c.add(manifest(
                    f,
                    "paths.json lies about the sha256",
                    paths(hardlink("share/x", "0".repeat(64), 6)),
                    "package p-1-0: 'share/x' has sha256 " + SHA + " in the archive, but info/paths.json says"));
            c.add(manifest(
                    f,
                    "paths.json lies about the size",
                    paths(hardlink("share/x", SHA, 7)),
                    "package p-1-0: 'share/x' is 6 bytes in the archive, but info/paths.json says 7"));
            c.add(manifest(
                    f,
                    "paths.json names a missing file",
                    paths(hardlink("share/x", SHA, 6), hardlink("bin/ghost", SHA, 6)),
                    "package p-1-0: info/paths.json lists 'bin/ghost', which the archive does not contain"));
            c.add(manifest(
                    f,
                    "paths.json path leaves the prefix",
                    paths(hardlink("../../etc/passwd", SHA, 6)),
                    "package p-1-0"));
            c.add(manifest(f, "paths.json absolute path", paths(hardlink("/etc/passwd", SHA, 6)), "package p-1-0"));
            c.add(members(
                    f,
                    "member leaves the prefix",
                    List.of(TarMember.file("../evil", DATA, 0644)),
                    "package p-1-0: refusing archive member '../evil'"));
            c.add(members(
                    f,
                    "absolute member",
                    List.of(TarMember.file("/etc/evil", DATA, 0644)),
                    "refusing archive member '/etc/evil'"));
            c.add(members(
                    f,
                    "absolute symlink",
                    List.of(TarMember.symlink("lib/x", "/etc/shadow")),
                    "symlink to '/etc/shadow' is absolute"));
            c.add(members(
                    f, "escaping symlink", List.of(TarMember.symlink("lib/x", "../../../etc")), "leaves the prefix"));
            c.add(members(
                    f,
                    "symlink loop",
                    List.of(TarMember.symlink("a", "b"), TarMember.symlink("b", "a")),
                    "package p-1-0: symlink 'a' is part of a loop"));
            c.add(members(
                    f,
                    "loop with a file under it",
                    List.of(
                            TarMember.symlink("a", "b"),
                            TarMember.symlink("b", "a"),
                            TarMember.file("a/x", DATA, 0644)),
                    "package p-1-0: 'a/x' is under the symlink 'a'"));
            c.add(members(
                    f,
                    "file under a directory symlink",
                    List.of(
                            TarMember.directory("share", 0755),
                            TarMember.symlink("lib", "share"),
                            TarMember.file("lib/x", DATA, 0644)),
                    "'lib/x' is under the symlink 'lib'"));
            c.add(members(
                    f,
                    "hardlink to nothing",
                    List.of(TarMember.hardlink("lib/h", "lib/missing")),
                    "hardlink to 'lib/missing'"));
            c.add(members(
                    f,
                    "hardlink out of the package",
                    List.of(TarMember.hardlink("lib/h", "../../etc/passwd")),
                    "leaves the package"));
            c.add(members(
                    f,
                    "writes conda-meta",
                    List.of(TarMember.file("conda-meta/history", DATA, 0644)),
                    "must not write into conda-meta/"));
            c.add(members(
                    f,
                    "character device",
                    List.of(TarMember.charDevice("dev/x")),
                    "device and fifo members are not allowed"));
            c.add(members(f, "fifo", List.of(TarMember.fifo("run/x")), "device and fifo members are not allowed"));
            // legal on Linux and in a layer tar: installed, not refused
            c.add(pkg(
                    f,
                    "newline in a member name",
                    List.of(info("info/index.json", INDEX)),
                    List.of(TarMember.file("a\nb", DATA, 0644)),
                    b -> b,
                    0,
                    ""));
            c.add(pkg(
                    f,
                    "has_prefix line malformed",
                    List.of(
                            info("info/index.json", INDEX),
                            info("info/files", "share/x\n"),
                            info("info/has_prefix", "a b c d\n")),
                    List.of(TarMember.file("share/x", DATA, 0644)),
                    b -> b,
                    2,
                    "package p-1-0: info/has_prefix line 1"));
            c.add(pkg(
                    f,
                    "noarch python without python",
                    List.of(info("info/index.json", INDEX.replace("}", ",\"noarch\":\"python\"}"))),
                    List.of(),
                    b -> b,
                    2,
                    "is noarch: python, but the environment has no python"));
        }
        c.add(new CorpusCase("archive .conda: a zip without info tar", 2, "no info-*.tar.zst inside", d -> {
            Path a = Files.createDirectories(d.resolve("c/linux-64")).resolve("p-1-0.conda");
            try (OutputStream o = Files.newOutputStream(a);
                    ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("metadata.json"));
                z.write("{\"conda_pkg_format_version\": 2}".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
            return buildArchive(d, a);
        }));
        c.add(new CorpusCase("archive .conda: info tar is not zstd", 2, "package p-1-0", d -> {
            Path a = Files.createDirectories(d.resolve("c/linux-64")).resolve("p-1-0.conda");
            try (OutputStream o = Files.newOutputStream(a);
                    ZipOutputStream z = new ZipOutputStream(o)) {
                z.putNextEntry(new ZipEntry("info-p-1-0.tar.zst"));
                z.write("plain text".getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
            return buildArchive(d, a);
        }));
        return c;
    }
}

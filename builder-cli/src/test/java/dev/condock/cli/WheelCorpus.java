package dev.condock.cli;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.util.Hashing;
import dev.condock.wheel.TestWheels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Wheels gone wrong (issue 14's corpus covers wheels too): a conda-lock.yml pins python and one pip wheel, a local
 * file: URL with its sha256, built with {@code condock build}; and pip: sections of an environment.yml that cannot
 * be read.
 */
final class WheelCorpus {
    private WheelCorpus() {}

    /** Writes the wheel into {@code dir}, returns its path. */
    @FunctionalInterface
    interface WheelWriter {
        Path write(Path dir) throws Exception;
    }

    private static CorpusCase lock(String name, int exit, String fragment, WheelWriter wheel, String lockName) {
        return new CorpusCase("wheel: " + name, exit, fragment, d -> {
            BuiltPackage py = ChannelWriter.writePackages(
                            d.resolve("channel"),
                            ArchiveFormat.CONDA,
                            List.of(Fixtures.packages().get(0)))
                    .get(0);
            Path whl = wheel.write(Files.createDirectories(d.resolve("wheels")));
            String y = "version: 1\nmetadata: {}\npackage:\n"
                    + "  - name: python\n    version: 3.11.4\n    manager: conda\n    platform: linux-64\n"
                    + "    url: " + py.archive().toAbsolutePath().toUri() + "\n    hash: {sha256: " + py.sha256()
                    + "}\n"
                    + "  - name: " + lockName + "\n    version: '1.0'\n    manager: pip\n    platform: linux-64\n"
                    + "    url: " + whl.toAbsolutePath().toUri() + "\n    hash: {sha256: " + Hashing.sha256Hex(whl)
                    + "}\n";
            Path lock = Files.writeString(d.resolve("conda-lock.yml"), y);
            return LockCorpus.build(d, lock);
        });
    }

    private static CorpusCase lock(String name, String fragment, WheelWriter wheel) {
        return lock(name, 2, fragment, wheel, "tiny");
    }

    /** Marks a member list that must get no RECORD. */
    private static final String NO_RECORD = "NO_RECORD";

    /**
     * A zip of these members; unless they hold a RECORD (or {@link #NO_RECORD}), a truthful RECORD of them all is
     * added.
     */
    private static WheelWriter zip(String filename, Map<String, String> given) {
        return dir -> {
            Map<String, String> members = new LinkedHashMap<>(given);
            if (!members.containsKey(DI + "RECORD") && members.remove(NO_RECORD) == null) {
                StringBuilder r = new StringBuilder();
                members.forEach((k, v) -> r.append(k)
                        .append(",sha256=")
                        .append(b64(v))
                        .append(',')
                        .append(v.getBytes(StandardCharsets.UTF_8).length)
                        .append('\n'));
                members.put(DI + "RECORD", r.append(DI).append("RECORD,,\n").toString());
            }
            ByteArrayOutputStream bos = new ByteArrayOutputStream();
            try (ZipOutputStream z = new ZipOutputStream(bos)) {
                for (Map.Entry<String, String> e : members.entrySet()) {
                    z.putNextEntry(new ZipEntry(e.getKey()));
                    z.write(e.getValue().getBytes(StandardCharsets.UTF_8));
                    z.closeEntry();
                }
            }
            return Files.write(dir.resolve(filename), bos.toByteArray());
        };
    }

    private static final String WHL = "tiny-1.0-py3-none-any.whl";
    private static final String DI = "tiny-1.0.dist-info/";

    /** The members of a well-formed tiny 1.0, to be broken one at a time. */
    private static Map<String, String> good() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("tiny/__init__.py", "X = 1\n");
        m.put(DI + "METADATA", "Metadata-Version: 2.1\nName: tiny\nVersion: 1.0\n");
        m.put(DI + "WHEEL", "Wheel-Version: 1.0\nGenerator: corpus\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        return m; // RECORD: added by zip()
    }

    private static Map<String, String> good(String key, String value) {
        Map<String, String> m = good();
        if (value == null) m.remove(key);
        else m.put(key, value);
        return m;
    }

    /** RECORD rows of the good METADATA and WHEEL, and RECORD's own. */
    private static final String REST = DI + "METADATA,sha256=" + b64(good().get(DI + "METADATA")) + ","
            + good().get(DI + "METADATA").length() + "\n" + DI + "WHEEL,sha256=" + b64(good().get(DI + "WHEEL"))
            + "," + good().get(DI + "WHEEL").length() + "\n" + DI + "RECORD,,\n";

    static List<CorpusCase> cases() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(lock("a good one", 0, "", zip(WHL, good()), "tiny"));
        c.add(lock(
                "METADATA without Name",
                "tiny-1.0.dist-info/METADATA has no Name",
                zip(WHL, good(DI + "METADATA", "Metadata-Version: 2.1\nVersion: 1.0\n"))));
        c.add(lock(
                "TestWheels' good one",
                0,
                "",
                d -> TestWheels.pure("tiny", "1.0").file("tiny/x.py", "x").write(d),
                "tiny"));
        c.add(lock(
                "not a zip",
                "wheel tiny-1.0-py3-none-any.whl: not a readable zip archive",
                d -> Files.writeString(d.resolve(WHL), "not a zip at all")));
        c.add(lock(
                "empty zip",
                "expected one .dist-info directory with a WHEEL file, found none",
                zip(WHL, Map.of(NO_RECORD, ""))));
        c.add(lock(
                "no dist-info",
                "expected one .dist-info directory with a WHEEL file, found none",
                zip(WHL, Map.of("tiny/__init__.py", "X = 1\n", NO_RECORD, ""))));
        c.add(lock(
                "no WHEEL file",
                "expected one .dist-info directory with a WHEEL file, found none",
                zip(WHL, good(DI + "WHEEL", null))));
        c.add(lock("no RECORD file", "tiny-1.0.dist-info/RECORD is missing", zip(WHL, good(NO_RECORD, ""))));
        c.add(lock(
                "no METADATA file",
                "wheel tiny-1.0-py3-none-any.whl: tiny-1.0.dist-info/METADATA is missing",
                zip(WHL, good(DI + "METADATA", null))));
        c.add(lock(
                "Wheel-Version 2.0",
                "Wheel-Version 2.0 is not supported (1.x)",
                zip(WHL, good(DI + "WHEEL", "Wheel-Version: 2.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n"))));
        c.add(lock(
                "WHEEL without Wheel-Version",
                "tiny-1.0.dist-info/WHEEL has no Wheel-Version",
                zip(WHL, good(DI + "WHEEL", "Root-Is-Purelib: true\n"))));
        c.add(lock(
                "RECORD hash lies",
                "member 'tiny/__init__.py' does not match its RECORD hash",
                zip(
                        WHL,
                        good(
                                DI + "RECORD",
                                "tiny/__init__.py,sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,6\n" + REST))));
        c.add(lock(
                "RECORD size lies",
                "member 'tiny/__init__.py' has 6 bytes, RECORD says 99",
                zip(WHL, good(DI + "RECORD", "tiny/__init__.py,sha256=" + b64("X = 1\n") + ",99\n" + REST))));
        c.add(lock(
                "RECORD names a missing file",
                "RECORD lists 'tiny/ghost.py' but the wheel has no such member",
                zip(
                        WHL,
                        good(
                                DI + "RECORD",
                                "tiny/__init__.py,sha256=" + b64("X = 1\n") + ",6\ntiny/ghost.py,sha256=" + b64("g")
                                        + ",1\n" + REST))));
        Map<String, String> unlisted = good(DI + "RECORD", "tiny/__init__.py,sha256=" + b64("X = 1\n") + ",6\n" + REST);
        unlisted.put("tiny/extra.py", "E = 1\n");
        c.add(lock(
                "a file RECORD does not list",
                "refusing member 'tiny/extra.py': is not listed in RECORD",
                zip(WHL, unlisted)));
        c.add(lock(
                "RECORD not CSV",
                "RECORD line 1 does not have 3 fields",
                zip(WHL, good(DI + "RECORD", "\"unterminated,\n"))));
        c.add(lock(
                "member leaves the prefix",
                "refusing member '../../../etc/evil': has a '..' component",
                zip(WHL, good("../../../etc/evil", "x"))));
        c.add(lock(
                "absolute member",
                "refusing member '/etc/evil': has an absolute path",
                zip(WHL, good("/etc/evil", "x"))));
        c.add(lock(
                "data dir escapes its scheme",
                "uses unknown .data scheme 'nowhere'",
                zip(WHL, good("tiny-1.0.data/nowhere/x", "x"))));
        c.add(lock(
                "data scripts leaves the prefix",
                "has a '..' component",
                zip(WHL, good("tiny-1.0.data/scripts/../../../x", "x"))));
        c.add(lock(
                "file name not a wheel name",
                "conda-lock.yml:10: pip package tiny does not match its URL's wheel tiny.whl",
                zip("tiny.whl", good())));
        c.add(lock(
                "two dist-info directories",
                "more than one .dist-info directory (other-2.0.dist-info, tiny-1.0.dist-info)",
                zip(WHL, good("other-2.0.dist-info/METADATA", "Name: other\n"))));
        c.add(lock(
                "METADATA names another project",
                "tiny-1.0.dist-info/METADATA names the project 'other', not tiny",
                zip(WHL, good(DI + "METADATA", "Metadata-Version: 2.1\nName: other\nVersion: 1.0\n"))));
        c.add(lock(
                "lock names another project",
                2,
                "conda-lock.yml:10: pip package other does not match its URL's wheel",
                zip(WHL, good()),
                "other"));
        c.add(lock(
                "entry_points not INI",
                "entry_points.txt line 1 '[console_scripts' is not an INI section header",
                zip(WHL, good(DI + "entry_points.txt", "[console_scripts\nx = y\n"))));
        c.add(lock(
                "console script without a target",
                "entry_points.txt line 2 'x =' is not 'name = module:function'",
                zip(WHL, good(DI + "entry_points.txt", "[console_scripts]\nx =\n"))));
        return c;
    }

    private static String b64(String s) {
        return java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Hashing.sha256().digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}

package dev.condock.cli;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Both lock formats gone wrong: @EXPLICIT (CEP 23) and conda-lock.yml (CEP 37), built with {@code condock build}. */
final class LockCorpus {
    private LockCorpus() {}

    static List<String> build(Path dir, Path lock) {
        return List.of(
                "build",
                "--lock",
                lock.toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--to",
                "oci:" + dir.resolve("out"));
    }

    /** An @EXPLICIT file: PKG is replaced by the first good package's file: URL, SHA by its sha256. */
    private static CorpusCase explicit(String name, String text, int exit, String fragment) {
        return new CorpusCase("@EXPLICIT: " + name, exit, fragment, d -> {
            BuiltPackage p = ChannelWriter.writePackages(
                            d.resolve("channel"),
                            ArchiveFormat.CONDA,
                            List.of(Fixtures.packages().get(0)))
                    .get(0);
            Path lock = d.resolve("l.txt");
            Files.writeString(
                    lock,
                    text.replace("PKG", p.archive().toAbsolutePath().toUri().toString())
                            .replace("SHA", p.sha256())
                            .replace("MD5", p.md5()));
            return build(d, lock);
        });
    }

    private static CorpusCase explicit(String name, String text, String fragment) {
        return explicit(name, text, 2, fragment);
    }

    static List<CorpusCase> explicit() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(explicit("a good one", "@EXPLICIT\nPKG#sha256:SHA\n", 0, ""));
        c.add(explicit("md5 pin", "@EXPLICIT\nPKG#MD5\n", 0, ""));
        c.add(explicit("empty file", "", "l.txt: not a lock file"));
        c.add(explicit("only comments", "# just\n# comments\n", "not a lock file"));
        c.add(explicit("URL before @EXPLICIT", "PKG#sha256:SHA\n@EXPLICIT\n", "l.txt: not a lock file"));
        c.add(explicit("malformed hash", "@EXPLICIT\nPKG#xyz\n", "l.txt:2: malformed hash"));
        c.add(explicit("short sha256", "@EXPLICIT\nPKG#sha256:abc\n", "l.txt:2: malformed hash"));
        c.add(explicit("md5 of 31 digits", "@EXPLICIT\nPKG#" + "a".repeat(31) + "\n", "l.txt:2: malformed hash"));
        c.add(explicit("empty fragment", "@EXPLICIT\nPKG#\n", "l.txt:2: malformed hash"));
        c.add(explicit("two URLs on a line", "@EXPLICIT\nPKG PKG\n", "l.txt:2: malformed line"));
        c.add(explicit(
                "ftp URL", "@EXPLICIT\nftp://example.org/c/linux-64/a-1-0.conda\n", "l.txt:2: unsupported URL scheme"));
        c.add(explicit(
                "unclosed IPv6 host",
                "@EXPLICIT\nhttp://[::1/c/linux-64/a-1-0.conda#" + "a".repeat(32) + "\n",
                "l.txt:2: malformed package URL"));
        c.add(explicit(
                "not an archive",
                "@EXPLICIT\nhttps://example.org/c/linux-64/a-1-0.zip\n",
                "l.txt:2: not a conda package URL"));
        c.add(explicit(
                "no version-build",
                "@EXPLICIT\nhttps://example.org/c/linux-64/abc.conda\n",
                "l.txt:2: package file name is not name-version-build"));
        c.add(explicit(
                "other platform",
                "# platform: osx-arm64\n@EXPLICIT\nPKG#sha256:SHA\n",
                "l.txt:1: lock file is for platform osx-arm64"));
        c.add(explicit(
                "a 10 MB line",
                "@EXPLICIT\nhttps://example.org/" + "x".repeat(10 << 20) + ".conda\n",
                "l.txt:2: line of 10485786 characters is not a package URL"));
        c.add(explicit("a 10 MB comment", "#" + "y".repeat(10 << 20) + "\n@EXPLICIT\nPKG#sha256:SHA\n", 0, ""));
        c.add(explicit("a NUL in a path", "@EXPLICIT\n/tmp/a\0b/a-1-0.conda\n", "l.txt:2: malformed package path"));
        c.add(explicit(
                "a missing local file", "@EXPLICIT\n/nonexistent/dir/a-1-0.conda#" + "a".repeat(32) + "\n", "a-1-0"));
        c.add(explicit(
                "file: URL without a path (a fuzzer finding)",
                "@EXPLICIT\nfile:ca-0-0.conda\n",
                "l.txt:2: malformed package URL (expected .../<subdir>/<file>)"));
        c.add(explicit("file URL with a host", "@EXPLICIT\nfile://otherhost/c/linux-64/a-1-0.conda\n", "a-1-0"));
        c.add(explicit("sha256 mismatch", "@EXPLICIT\nPKG#sha256:" + "0".repeat(64) + "\n", "sha256 mismatch"));
        c.add(explicit("md5 mismatch", "@EXPLICIT\nPKG#" + "0".repeat(32) + "\n", "md5 mismatch"));
        c.add(explicit("binary garbage", "\u0001\u0002\u0003\n\u00ff\u00fe\n", "l.txt: malformed YAML"));
        c.add(explicit("a CR in the URL", "@EXPLICIT\nhttps://example.org/c/linux-64/a-1-0.conda\r\r#x\n", "l.txt:2:"));
        c.add(explicit("name with a slash", "@EXPLICIT\nhttps://example.org/c/linux-64/-1-0.conda\n", "l.txt:2:"));
        return c;
    }

    /** A conda-lock.yml: PKG is the good package's file: URL, SHA its sha256. */
    private static CorpusCase condaLock(String name, String text, int exit, String fragment) {
        return new CorpusCase("conda-lock.yml: " + name, exit, fragment, d -> {
            BuiltPackage p = ChannelWriter.writePackages(
                            d.resolve("channel"),
                            ArchiveFormat.CONDA,
                            List.of(Fixtures.packages().get(0)))
                    .get(0);
            Path lock = d.resolve("conda-lock.yml");
            Files.writeString(
                    lock,
                    text.replace("PKG", p.archive().toAbsolutePath().toUri().toString())
                            .replace("SHA", p.sha256()));
            return build(d, lock);
        });
    }

    private static CorpusCase condaLock(String name, String text, String fragment) {
        return condaLock(name, text, 2, fragment);
    }

    private static final String HEAD = "version: 1\nmetadata: {}\npackage:\n";

    private static String entry(String extra) {
        return "  - name: python\n    version: 3.11.4\n    manager: conda\n    platform: linux-64\n    url: PKG\n"
                + extra;
    }

    static List<CorpusCase> condaLock() {
        List<CorpusCase> c = new ArrayList<>();
        String hash = "    hash: {sha256: SHA}\n";
        c.add(condaLock("a good one", HEAD + entry(hash), 0, ""));
        c.add(condaLock("no hash for a file: URL", HEAD + entry(""), 0, "the lock gives no hash for"));
        c.add(condaLock("not a mapping", "- a\n- b\n", "not a lock file"));
        c.add(condaLock(
                "version 2", "version: 2\npackage: []\n", "conda-lock.yml:1: unsupported conda-lock version 2"));
        c.add(condaLock("no package list", "version: 1\n", "needs a 'package' list"));
        c.add(condaLock(
                "package a mapping",
                "version: 1\npackage: {a: b}\n",
                "conda-lock.yml:2: conda-lock.yml needs a 'package' list"));
        c.add(condaLock("entry a string", HEAD + "  - python\n", "conda-lock.yml:4: each package must be a mapping"));
        c.add(condaLock(
                "entry without url",
                HEAD + "  - name: python\n    version: 3.11.4\n    platform: linux-64\n",
                "conda-lock.yml:4: package entry has no 'url'"));
        c.add(condaLock(
                "entry without platform",
                HEAD + "  - name: python\n    version: 3.11.4\n    url: PKG\n",
                "package entry has no 'platform'"));
        c.add(condaLock(
                "entry without name",
                HEAD + "  - version: 3.11.4\n    platform: linux-64\n    url: PKG\n",
                "package entry has no 'name'"));
        c.add(condaLock(
                "name not matching the URL",
                HEAD + entry(hash).replace("name: python", "name: pithon"),
                "conda-lock.yml:4: package pithon 3.11.4 does not match its URL"));
        c.add(condaLock(
                "version not matching the URL",
                HEAD + entry(hash).replace("3.11.4", "3.12.0"),
                "does not match its URL"));
        c.add(condaLock(
                "malformed md5", HEAD + entry("    hash: {md5: xyz}\n"), "conda-lock.yml:9: malformed md5 for python"));
        c.add(condaLock(
                "malformed sha256",
                HEAD + entry("    hash: {sha256: 12}\n"),
                "conda-lock.yml:9: malformed sha256 for python"));
        c.add(condaLock(
                "sha256 mismatch", HEAD + entry("    hash: {sha256: " + "0".repeat(64) + "}\n"), "sha256 mismatch"));
        c.add(condaLock(
                "duplicate key in an entry",
                HEAD + entry(hash) + "    url: PKG\n",
                "conda-lock.yml:10: duplicate key 'url'"));
        c.add(condaLock("duplicate top-level key", HEAD + entry(hash) + "package: []\n", "duplicate key 'package'"));
        c.add(condaLock("locked twice", HEAD + entry(hash) + entry(hash), "package python is locked twice"));
        c.add(condaLock(
                "no packages for the platform",
                HEAD + entry(hash).replace("linux-64\n", "osx-64\n"),
                "no conda packages for platform linux-64 (the lock has: osx-64)"));
        c.add(condaLock(
                "ftp url",
                HEAD + entry(hash).replace("PKG", "ftp://h/c/linux-64/python-3.11.4-h0_0_cpython.conda"),
                "unsupported URL scheme"));
        c.add(condaLock(
                "url not an archive",
                HEAD + entry(hash).replace("PKG", "https://h/c/linux-64/python.zip"),
                "not a conda package URL"));
        c.add(condaLock(
                "url a list",
                HEAD + "  - name: python\n    version: 3.11.4\n    platform: linux-64\n    url: [a]\n",
                "conda-lock.yml:7: 'url' must be a plain value"));
        c.add(condaLock("malformed YAML", HEAD + "  - name: [python\n", "malformed YAML"));
        c.add(condaLock("tab indentation", HEAD + "\t- name: python\n", "malformed YAML"));
        c.add(condaLock(
                "an unclosed IPv6 url",
                HEAD + entry(hash).replace("PKG", "http://[::1/c/linux-64/python-3.11.4-h0_0_cpython.conda"),
                "malformed package URL"));
        return c;
    }
}

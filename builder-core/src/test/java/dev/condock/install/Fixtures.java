package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.PackageArchiveWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.pkgbuild.TarMember;
import dev.condock.testing.Records;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Helpers shared by the installer tests: install a written package, look up and read entries. */
public final class Fixtures {
    static final Path SHARED = Path.of("../shared/conda-testdata");
    static final Path PACKAGES = SHARED.resolve("packages");

    private Fixtures() {}

    static InstallOptions options(Path tmp) {
        return new InstallOptions(
                "/opt/conda",
                new PythonAbi("3.11", false),
                tmp.resolve("staging"),
                InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
    }

    static InstalledPackage install(Path tmp, PackageContents contents, ArchiveFormat format) throws Exception {
        BuiltPackage p = contents.write(tmp.resolve("pkgs"), format);
        return new PackageInstaller(options(tmp)).install(Records.of(p), p.archive());
    }

    /** Installs a package of shared test data; the record is minimal, as a lock file with only a URL gives. */
    static InstalledPackage installShared(Path staging, String relative) throws CondockException {
        Path archive = PACKAGES.resolve(relative);
        return new PackageInstaller(new InstallOptions(
                        "/opt/conda", new PythonAbi("3.11", false), staging, InstallOptions.DEFAULT_MAX_EXPANDED_BYTES))
                .install(recordFor(archive), archive);
    }

    /** name-version-build parsed from a file name, as conda parses dist strings (build and version have no '-'). */
    public static PackageRecord recordFor(Path archive) {
        String fn = archive.getFileName().toString();
        String dist = fn.endsWith(".conda") ? fn.substring(0, fn.length() - 6) : fn.substring(0, fn.length() - 8);
        int b = dist.lastIndexOf('-');
        int v = dist.lastIndexOf('-', b - 1);
        return PackageRecord.builder(dist.substring(0, v), dist.substring(v + 1, b), dist.substring(b + 1))
                .url("https://example.invalid/channel/linux-64/" + fn)
                .channel("https://example.invalid/channel")
                .fn(fn)
                .build();
    }

    static Optional<TreeEntry> entry(InstalledPackage p, String path) {
        return p.entries().stream().filter(e -> e.path().equals(path)).findFirst();
    }

    static TreeEntry get(InstalledPackage p, String path) {
        return entry(p, path).orElseThrow(() -> new AssertionError("no entry " + path + " in " + paths(p)));
    }

    static List<String> paths(InstalledPackage p) {
        return p.entries().stream().map(TreeEntry::path).toList();
    }

    static byte[] bytes(TreeEntry e) throws IOException {
        return Files.readAllBytes(e.content());
    }

    static String text(TreeEntry e) throws IOException {
        return new String(bytes(e), StandardCharsets.UTF_8);
    }

    /** A package archive made of raw members, for archives no honest writer makes. */
    static Path rawPackage(Path dir, String dist, ArchiveFormat format, List<TarMember> pkg) throws IOException {
        String[] parts = dist.split("-");
        String index = "{\"name\": \"" + parts[0] + "\", \"version\": \"" + parts[1] + "\", \"build\": \"" + parts[2]
                + "\", \"build_number\": 0, \"subdir\": \"linux-64\", \"depends\": []}";
        return new PackageArchiveWriter()
                .write(
                        dir,
                        dist,
                        format,
                        List.of(TarMember.file("info/index.json", index.getBytes(StandardCharsets.UTF_8), 0644)),
                        pkg);
    }

    static CondockException refused(Path tmp, Path archive) {
        return assertThrows(
                CondockException.class, () -> new PackageInstaller(options(tmp)).install(recordFor(archive), archive));
    }

    /** Path -> (kind, mode, link target, content bytes): what two installs must agree on. */
    static Map<String, String> snapshot(InstalledPackage p, boolean withCondaMeta) throws IOException {
        Map<String, String> m = new TreeMap<>();
        for (TreeEntry e : p.entries()) {
            if (!withCondaMeta && e.path().startsWith("conda-meta/")) {
                continue;
            }
            String content = e.content() == null ? "" : dev.condock.util.Hashing.sha256Hex(bytes(e));
            m.put(
                    e.path(),
                    e.kind() + " " + Integer.toOctalString(e.mode()) + " " + e.linkTarget() + " " + e.size() + " "
                            + content);
        }
        return m;
    }
}

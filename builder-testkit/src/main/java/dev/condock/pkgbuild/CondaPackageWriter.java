package dev.condock.pkgbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes real conda packages (CEP 34 .tar.bz2, CEP 35 .conda) from a description: files with modes, symlinks,
 * hardlinks, text/binary prefix placeholders, noarch python entry points and link scripts. Used by test fixtures
 * and by the offline quickstart channel. Output is deterministic: members sorted, fixed metadata, no clock.
 *
 * <pre>
 * BuiltPackage p = CondaPackageWriter.builder("hello", "1.0", "0").subdir("linux-64")
 *     .file("bin/hello", script, 0755).textPrefix("etc/hello.conf", conf, 0644)
 *     .build().write(dir, ArchiveFormat.CONDA);
 * </pre>
 */
public final class CondaPackageWriter {
    /** The placeholder conda-build uses for prefixes it cannot know; {@code has_prefix} lines may omit it. */
    public static final String DEFAULT_PLACEHOLDER = "/opt/anaconda1anaconda2anaconda3";

    private final PackageContents c;

    private CondaPackageWriter(PackageContents contents) {
        this.c = contents;
    }

    public static PackageContents builder(String name, String version, String build) {
        return new PackageContents(name, version, build);
    }

    static CondaPackageWriter of(PackageContents contents) {
        return new CondaPackageWriter(contents);
    }

    /** Writes {@code <dir>/<dist><ext>} with the default archive layout. */
    public BuiltPackage write(Path dir, ArchiveFormat format) throws IOException {
        return write(dir, format, new PackageArchiveWriter());
    }

    /** Writes with a given archive layout (zip directory, zstd frames). */
    public BuiltPackage write(Path dir, ArchiveFormat format, PackageArchiveWriter archiveWriter) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> index = indexJson();
        Path archive = archiveWriter.write(dir, c.dist(), format, infoMembers(index), pkgMembers());
        return new BuiltPackage(
                archive,
                c.name,
                c.version,
                c.build,
                c.buildNumber,
                c.subdir,
                archive.getFileName().toString(),
                KitFiles.md5Hex(archive),
                KitFiles.sha256Hex(archive),
                Files.size(archive),
                c.timestamp,
                c.depends,
                c.constrains,
                c.noarch,
                c.license,
                index);
    }

    /** The package's files as tar members, sorted by name (what pkg-*.tar.zst or the .tar.bz2 body holds). */
    List<TarMember> pkgMembers() {
        List<TarMember> out = new ArrayList<>();
        for (PackageContents.Item it : c.items.values()) {
            out.add(
                    switch (it.kind()) {
                        case FILE -> TarMember.file(it.path(), it.data(), it.mode());
                        case DIRECTORY -> TarMember.directory(it.path(), it.mode());
                        case SYMLINK -> TarMember.symlink(it.path(), it.target());
                        case HARDLINK ->
                            new TarMember(it.path(), TarMember.Kind.HARDLINK, it.mode(), null, it.target());
                    });
        }
        // Sorted by name, except that hardlinks follow every file so a tar reader has seen their target first.
        out.sort(Comparator.comparing((TarMember m) -> m.kind() == TarMember.Kind.HARDLINK)
                .thenComparing(TarMember::name));
        return out;
    }

    private List<TarMember> infoMembers(Map<String, Object> index) {
        Map<String, byte[]> info = new TreeMap<>(c.extraInfo);
        info.put("info/index.json", json(index));
        if (!c.legacy) {
            info.put("info/paths.json", json(pathsJson()));
        }
        info.put(
                "info/files",
                lines(c.items.values().stream()
                        .filter(i -> i.kind() != PackageContents.Kind.DIRECTORY)
                        .map(PackageContents.Item::path)
                        .toList()));
        List<String> hasPrefix = c.items.values().stream()
                .filter(i -> i.placeholder() != null)
                .map(i -> i.placeholder() + " " + (i.binary() ? "binary" : "text") + " " + i.path())
                .toList();
        if (!hasPrefix.isEmpty()) {
            info.put("info/has_prefix", lines(hasPrefix));
        }
        if (c.noarch != null || !c.entryPoints.isEmpty()) {
            info.put("info/link.json", json(linkJson()));
        }
        List<TarMember> out = new ArrayList<>();
        info.forEach((name, data) -> out.add(TarMember.file(name, data, 0644)));
        return out;
    }

    Map<String, Object> indexJson() {
        Map<String, Object> m = new TreeMap<>();
        m.put("name", c.name);
        m.put("version", c.version);
        m.put("build", c.build);
        m.put("build_number", c.buildNumber);
        m.put("depends", c.depends);
        m.put("constrains", c.constrains);
        m.put("subdir", c.subdir);
        m.put("timestamp", c.timestamp);
        if (c.license != null) {
            m.put("license", c.license);
        }
        if (c.noarch != null) {
            m.put("noarch", c.noarch);
        } else if (c.subdir.contains("-")) {
            // arch/platform as conda-build derives them from the subdir ("linux-64" -> linux, x86_64)
            String[] parts = c.subdir.split("-", 2);
            m.put("platform", parts[0]);
            m.put("arch", parts[1].equals("64") ? "x86_64" : parts[1]);
        }
        return m;
    }

    private Map<String, Object> pathsJson() {
        List<Map<String, Object>> paths = new ArrayList<>();
        for (PackageContents.Item it : c.items.values()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("_path", it.path());
            switch (it.kind()) {
                case DIRECTORY -> p.put("path_type", "directory");
                case SYMLINK -> p.put("path_type", "softlink");
                case FILE, HARDLINK -> {
                    byte[] data = c.contentOf(it);
                    p.put("path_type", "hardlink");
                    p.put("sha256", KitFiles.sha256Hex(data));
                    p.put("size_in_bytes", data.length);
                }
            }
            if (it.placeholder() != null) {
                p.put("prefix_placeholder", it.placeholder());
                p.put("file_mode", it.binary() ? "binary" : "text");
            }
            paths.add(p);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("paths", paths);
        m.put("paths_version", 1);
        return m;
    }

    private Map<String, Object> linkJson() {
        Map<String, Object> noarch = new TreeMap<>();
        noarch.put("type", c.noarch == null ? "python" : c.noarch);
        if (!c.entryPoints.isEmpty()) {
            noarch.put("entry_points", c.entryPoints);
        }
        Map<String, Object> m = new TreeMap<>();
        m.put("noarch", noarch);
        m.put("package_metadata_version", 1);
        return m;
    }

    private static byte[] json(Object value) {
        return (KitFiles.prettyJson(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] lines(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(l).append('\n'));
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}

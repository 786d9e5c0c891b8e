package dev.condock.pkgbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a local (file://) conda channel: each package file under {@code <channel>/<subdir>/} and a
 * {@code repodata.json} per subdir (always including {@code noarch}), with {@code .tar.bz2} records under
 * "packages" and {@code .conda} records under "packages.conda", each carrying md5, sha256 and size.
 */
public final class ChannelWriter {
    private ChannelWriter() {}

    /** Copies the packages into {@code channelDir} (where not already there) and writes every repodata.json. */
    public static void write(Path channelDir, Collection<BuiltPackage> packages) throws IOException {
        Map<String, Map<String, Map<String, Object>>> bySubdir = new TreeMap<>();
        bySubdir.put("noarch", new TreeMap<>());
        for (BuiltPackage p : packages) {
            String subdir = p.subdir();
            String fn = p.archive().getFileName().toString();
            Path dest = channelDir.resolve(subdir).resolve(fn);
            if (!dest.toAbsolutePath()
                    .normalize()
                    .equals(p.archive().toAbsolutePath().normalize())) {
                Files.createDirectories(dest.getParent());
                KitFiles.write(dest, Files.readAllBytes(p.archive()));
            }
            Map<String, Object> rec = new TreeMap<>(p.index());
            rec.put("md5", p.md5());
            rec.put("sha256", p.sha256());
            rec.put("size", p.size());
            bySubdir.computeIfAbsent(subdir, s -> new TreeMap<>()).put(fn, rec);
        }
        for (Map.Entry<String, Map<String, Map<String, Object>>> e : bySubdir.entrySet()) {
            writeRepodata(channelDir.resolve(e.getKey()), e.getKey(), e.getValue());
        }
    }

    /** Convenience: writes each package straight into the channel in the given format, then the repodata. */
    public static List<BuiltPackage> writePackages(
            Path channelDir, ArchiveFormat format, Collection<PackageContents> packages) throws IOException {
        List<BuiltPackage> built = new java.util.ArrayList<>();
        for (PackageContents c : packages) {
            built.add(c.write(channelDir.resolve(c.subdir), format));
        }
        write(channelDir, built);
        return built;
    }

    private static void writeRepodata(Path subdirDir, String subdir, Map<String, Map<String, Object>> records)
            throws IOException {
        Map<String, Object> tarBz2 = new TreeMap<>();
        Map<String, Object> conda = new TreeMap<>();
        records.forEach((fn, rec) -> (fn.endsWith(".conda") ? conda : tarBz2).put(fn, rec));
        Map<String, Object> repodata = new TreeMap<>();
        repodata.put("info", Map.of("subdir", subdir));
        repodata.put("packages", tarBz2);
        repodata.put("packages.conda", conda);
        repodata.put("removed", List.of());
        repodata.put("repodata_version", 1);
        Files.createDirectories(subdirDir);
        KitFiles.write(
                subdirDir.resolve("repodata.json"),
                (KitFiles.prettyJson(repodata) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}

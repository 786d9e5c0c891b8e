package dev.condock.install;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.luben.zstd.ZstdInputStream;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * The paths a package installs into the prefix, read from its metadata and its members' tar headers, without
 * extracting a byte of payload: what planning, clobber resolution, whiteouts and layer cache keys need, so an
 * unchanged layer is found in the cache without installing anything. It mirrors {@link PackageLinker}'s placement
 * (noarch python relocation, entry points, conda-meta/&lt;dist&gt;.json, manifest paths the archive lacks, members
 * that are directories, empty symlink targets); {@code MetadataPlanTest} compares it with real installs.
 *
 * @param record       the record it was read for
 * @param entries      path → entry (FILE for files and hardlinks, with no content; SYMLINK with its target;
 *                     DIRECTORY), sorted by path, as the installer's entries
 * @param noarchPython whether its paths depend on the environment's python (record or index.json says so)
 * @param timestamp    the timestamp its conda-meta record carries (milliseconds or seconds as given), 0 when none
 * @param bytes        its members' bytes (tar header sizes): about what installing it stages
 * @param warnings     the installer's warnings for it, word for word (link scripts not run, empty symlink targets,
 *                     listed paths the archive lacks): the same whether or not its layer is cached
 */
public record PackagePaths(
        PackageRecord record,
        Map<String, TreeEntry> entries,
        boolean noarchPython,
        long timestamp,
        long bytes,
        List<String> warnings) {
    private static final Set<String> KEPT_INFO =
            Set.of("info/index.json", "info/paths.json", "info/files", "info/has_prefix", "info/link.json");
    /** Stands for the content of every FILE entry: nothing reads it (these entries are never written). */
    private static final Path NO_CONTENT = Path.of("/dev/null");
    /** As ArchiveReader's: only top-level info/ scripts (info/recipe/ holds copies nothing runs). */
    private static final java.util.regex.Pattern INFO_SCRIPT =
            java.util.regex.Pattern.compile("info/(pre-link|post-link|pre-unlink|post-unlink)\\.(sh|bat)");

    public PackagePaths {
        entries = java.util.Collections.unmodifiableMap(new TreeMap<>(entries));
        warnings = List.copyOf(warnings);
    }

    /** Reads the archive (hash-verified by the fetcher) for an environment at {@code prefix} with {@code python}. */
    public static PackagePaths read(PackageRecord record, Path archive, String prefix, PythonAbi python)
            throws CondockException {
        String pkg = PackageInstaller.checkedDist(record);
        ExtractedPackage ex = listing(pkg, archive);
        List<ManifestEntry> manifest = PathsManifest.dedupe(PathsManifest.of(ex, pkg));
        boolean noarch = record.isNoarchPython()
                || "python".equals(index(ex).path("noarch").asText());
        NoarchPython py = null;
        if (noarch) {
            if (python == null) {
                throw CondockException.user("package " + pkg + " is noarch: python, but the environment has no python"
                        + " (add python to the environment)");
            }
            py = new NoarchPython(prefix, python);
        }
        Map<String, TreeEntry> out = new TreeMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        java.util.regex.Pattern linkScript = java.util.regex.Pattern.compile("(bin|Scripts)/\\."
                + java.util.regex.Pattern.quote(record.name())
                + "-(pre-link|post-link|pre-unlink|post-unlink)\\.(sh|bat)");
        for (ManifestEntry m : manifest) { // as PackageLinker.place: the last entry for a target wins
            String target = py == null ? m.path() : py.targetPath(m.path());
            ArchiveMember member = ex.members().get(m.path());
            if (m.type() == ManifestEntry.Type.DIRECTORY
                    || member != null && member.kind() == ArchiveMember.Kind.DIRECTORY) {
                out.put(target, TreeEntry.directory(target, 0755));
                continue;
            }
            if (member == null) {
                missing.add(m.path()); // listed but not in the archive: not installed
                continue;
            }
            if (linkScript.matcher(target).matches()) {
                warnings.add("package " + pkg + ": link script " + target + " was not run"
                        + " (condock runs nothing from packages)");
            }
            if (member.kind() == ArchiveMember.Kind.SYMLINK
                    && !member.linkTarget().isEmpty()) {
                out.put(target, TreeEntry.symlink(target, member.linkTarget()));
            } else {
                if (member.kind() == ArchiveMember.Kind.SYMLINK) {
                    warnings.add("package " + pkg + ": symlink " + target
                            + " has an empty target; installed as an empty file");
                }
                out.put(target, TreeEntry.file(target, 0644, NO_CONTENT, 0));
            }
        }
        if (py != null) {
            for (NoarchPython.EntryPoint ep : NoarchPython.entryPoints(ex.info().get("info/link.json"), pkg)) {
                String target = "bin/" + ep.command();
                out.put(target, TreeEntry.file(target, 0755, NO_CONTENT, 0));
            }
        }
        if (!missing.isEmpty()) {
            warnings.add("package " + pkg + ": its manifest lists " + missing.size() + " path(s) the archive"
                    + " does not contain (first: " + MemberNames.printable(missing.get(0)) + "); not installed");
        }
        for (String s : ex.infoScripts()) {
            warnings.add("package " + pkg + ": " + s + " was not run (condock runs nothing from packages)");
        }
        String meta = "conda-meta/" + record.dist() + ".json";
        out.put(meta, TreeEntry.file(meta, 0644, NO_CONTENT, 0));
        long bytes = 0;
        for (ArchiveMember m : ex.members().values()) {
            bytes += m.kind() == ArchiveMember.Kind.FILE ? m.size() : 0;
        }
        return new PackagePaths(record, out, noarch, timestamp(record, index(ex)), bytes, warnings);
    }

    /** As PrefixRecordJson: the record's timestamp over index.json's. */
    private static long timestamp(PackageRecord r, JsonNode index) {
        if (r.timestamp() >= 0) {
            return r.timestamp();
        }
        JsonNode t = index.path("timestamp");
        return t.isNumber() ? t.asLong() : 0;
    }

    private static JsonNode index(ExtractedPackage ex) {
        try {
            JsonNode n = Json.CANONICAL.readTree(ex.info().get("info/index.json"));
            return n == null ? Json.CANONICAL.createObjectNode() : n;
        } catch (IOException e) {
            return Json.CANONICAL.createObjectNode();
        }
    }

    /** info/ files and every member's header (names, kinds, link targets); file contents are skipped. */
    private static ExtractedPackage listing(String pkg, Path archive) throws CondockException {
        Map<String, byte[]> info = new TreeMap<>();
        Map<String, ArchiveMember> members = new LinkedHashMap<>();
        List<String> infoScripts = new ArrayList<>();
        String fn = archive.getFileName().toString();
        try {
            if (fn.endsWith(".conda")) {
                try (ZipFile zip = new ZipFile(archive.toFile())) {
                    // info first, then pkg, as ArchiveReader reads them; members in the wrong tar are not installed
                    for (String part : new String[] {"info-", "pkg-"}) {
                        for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                            ZipEntry e = en.nextElement();
                            String base = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                            if (base.startsWith(part) && base.endsWith(".tar.zst")) {
                                try (InputStream in =
                                        new ZstdInputStream(new BufferedInputStream(zip.getInputStream(e), 1 << 16))) {
                                    walk(
                                            pkg,
                                            in,
                                            info,
                                            members,
                                            infoScripts,
                                            part.equals("info-"),
                                            !part.equals("info-"));
                                }
                            }
                        }
                    }
                }
            } else if (fn.endsWith(".tar.bz2")) {
                try (InputStream in = new BZip2CompressorInputStream(
                        new BufferedInputStream(Files.newInputStream(archive), 1 << 16), true)) {
                    walk(pkg, in, info, members, infoScripts, true, true);
                }
            } else {
                throw CondockException.user("package " + pkg + ": " + fn + " is neither .conda nor .tar.bz2");
            }
        } catch (CondockException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw CondockException.user(
                    "package " + pkg + ": corrupt archive " + fn + ": "
                            + String.valueOf(e.getMessage()).replaceAll("[\\r\\n]+", " "),
                    e);
        }
        if (!info.containsKey("info/index.json")) {
            throw CondockException.user("package " + pkg + ": corrupt archive " + fn + ": no info/index.json");
        }
        return new ExtractedPackage(info, members, infoScripts);
    }

    private static void walk(
            String pkg,
            InputStream in,
            Map<String, byte[]> info,
            Map<String, ArchiveMember> members,
            List<String> infoScripts,
            boolean wantInfo,
            boolean wantPkg)
            throws IOException, CondockException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in, "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            if (e.isDirectory() && e.getName().matches("(\\./?)+")) {
                continue;
            }
            String name = MemberNames.normalize(e.getName(), pkg);
            boolean isInfo = name.equals("info") || name.startsWith("info/");
            if (isInfo && wantInfo) {
                if (INFO_SCRIPT.matcher(name).matches()) {
                    infoScripts.add(name);
                }
                if (e.isFile() && KEPT_INFO.contains(name)) {
                    info.put(name, tar.readAllBytes());
                }
            } else if (!isInfo && wantPkg) {
                ArchiveMember.Kind kind = e.isSymbolicLink()
                        ? ArchiveMember.Kind.SYMLINK
                        : e.isLink()
                                ? ArchiveMember.Kind.HARDLINK
                                : e.isDirectory() ? ArchiveMember.Kind.DIRECTORY : ArchiveMember.Kind.FILE;
                members.remove(name); // a later member of the same name replaces the earlier one, as tar does
                members.put(
                        name,
                        new ArchiveMember(name, kind, e.getMode() & 0777, e.getLinkName(), null, e.getSize(), null));
            }
        }
    }
}

package dev.condock.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The "link" half of installing one package: walks its manifest, places each path (noarch python relocation,
 * prefix replacement, links), adds entry points and the conda-meta record. Everything is keyed and sorted by
 * path and numbered in manifest order, so the result depends on the inputs only.
 */
final class PackageLinker {
    private final PackageRecord record;
    private final ExtractedPackage ex;
    private final InstallOptions options;
    private final Path outDir;
    private final Path work;
    private final String requestedSpec;
    private final String pkg;
    private final Map<String, TreeEntry> entries = new TreeMap<>();
    private final Map<String, Map<String, Object>> pathsData = new TreeMap<>();
    /** Built on the first hardlink only: most packages have none, and one per path costs ~60 bytes each. */
    private Map<String, ManifestEntry> manifestByPath;

    private List<ManifestEntry> manifest;
    private NoarchPython py;
    private final List<String> warnings = new ArrayList<>();
    private final List<String> linkScripts = new ArrayList<>();
    private final List<String> missing = new ArrayList<>();
    private final Pattern linkScript;
    private int outCount;

    PackageLinker(PackageRecord record, ExtractedPackage ex, InstallOptions options, Path work, String requestedSpec) {
        this.record = record;
        this.ex = ex;
        this.options = options;
        this.work = work;
        this.outDir = work.resolve("out");
        this.requestedSpec = requestedSpec;
        this.pkg = record.dist();
        this.linkScript = Pattern.compile("(bin|Scripts)/\\." + Pattern.quote(record.name())
                + "-(pre-link|post-link|pre-unlink|post-unlink)\\.(sh|bat)");
    }

    InstalledPackage link() throws CondockException {
        manifest = PathsManifest.dedupe(PathsManifest.of(ex, pkg));
        // the raw manifests are parsed now; a 300,000-path package's paths.json is ~60 MB (issue 14)
        ex.info().remove("info/paths.json");
        ex.info().remove("info/files");
        SafetyChecks.index(record, ex, pkg);
        SafetyChecks.files(manifest, ex, pkg);
        py = noarchPython();
        try {
            Files.createDirectories(outDir);
            for (ManifestEntry m : manifest) {
                place(m, targetOf(m.path()));
            }
            // placed: from here on only the entries count. Dropping the per-member objects (names, staged paths,
            // manifest lines) before the record is written halves the peak heap of a huge package (issue 14).
            manifest = null;
            manifestByPath = null;
            ex.members().clear();
            if (py != null) {
                addEntryPoints(py);
            }
            if (!missing.isEmpty()) {
                // metadata-only copies of packages (conda's own test data) list paths they do not carry
                warnings.add("package " + pkg + ": its manifest lists " + missing.size() + " path(s) the archive"
                        + " does not contain (first: " + MemberNames.printable(missing.get(0)) + "); not installed");
            }
            checkSymlinks();
            SafetyChecks.symlinks(entries.values(), pkg);
            for (String s : ex.infoScripts()) {
                linkScripts.add(s);
                warnings.add("package " + pkg + ": " + s + " was not run (condock runs nothing from packages)");
            }
            addPrefixRecord();
        } catch (IOException e) {
            throw CondockException.environment(
                    "package " + pkg + ": cannot write staging files under " + work + ": " + e.getMessage(), e);
        }
        return new InstalledPackage(record, new ArrayList<>(entries.values()), warnings, linkScripts);
    }

    /** Where a package path is installed (noarch python relocates site-packages and python-scripts). */
    private String targetOf(String path) {
        return py == null ? path : py.targetPath(path);
    }

    private NoarchPython noarchPython() throws CondockException {
        boolean noarch = record.isNoarchPython() || indexSaysNoarchPython();
        if (!noarch) {
            return null;
        }
        if (options.python() == null) {
            throw CondockException.user("package " + pkg + " is noarch: python, but the environment has no python"
                    + " (add python to the environment)");
        }
        return new NoarchPython(options.prefix(), options.python());
    }

    /** A record from a lock file may lack "noarch": the package's own index.json then says it. */
    private boolean indexSaysNoarchPython() {
        try {
            JsonNode index = Json.CANONICAL.readTree(ex.info().get("info/index.json"));
            return index != null && "python".equals(index.path("noarch").asText());
        } catch (IOException e) {
            return false;
        }
    }

    private void place(ManifestEntry m, String target) throws IOException, CondockException {
        Map<String, Object> pd = new PathData();
        pd.put("_path", target);
        ArchiveMember member = ex.members().get(m.path());
        if (m.type() == ManifestEntry.Type.DIRECTORY
                || member != null && member.kind() == ArchiveMember.Kind.DIRECTORY) {
            entries.put(target, TreeEntry.directory(target, 0755));
            pd.put("path_type", "directory");
            pathsData.put(target, pd);
            return;
        }
        if (member == null) {
            missing.add(m.path());
            return;
        }
        if (linkScript.matcher(target).matches()) {
            linkScripts.add(target);
            warnings.add("package " + pkg + ": link script " + target + " was not run"
                    + " (condock runs nothing from packages)");
        }
        if (m.sha256() != null) {
            // the member's equal string, when it is equal: the manifest's copy (~100 bytes a path) then dies
            pd.put("sha256", m.sha256().equals(member.sha256()) ? member.sha256() : m.sha256());
        }
        pd.put("size_in_bytes", m.size() >= 0 ? m.size() : member.size());
        if (m.placeholder() != null) {
            pd.put("prefix_placeholder", m.placeholder());
            pd.put("file_mode", m.binary() ? "binary" : "text");
        }
        if (member.kind() == ArchiveMember.Kind.SYMLINK) {
            placeSymlink(m, member, target, pd);
        } else {
            placeFile(m, member, target, pd);
        }
        pathsData.put(target, pd);
    }

    private void placeSymlink(ManifestEntry m, ArchiveMember member, String target, Map<String, Object> pd)
            throws IOException {
        pd.put("path_type", "softlink");
        if (!member.linkTarget().isEmpty()) {
            entries.put(target, TreeEntry.symlink(target, member.linkTarget()));
            return;
        }
        // Linux cannot create a symlink with an empty target; stripped test copies of real packages carry
        // them (their .tar.bz2 twins hold empty files there), so install the same empty file.
        warnings.add("package " + pkg + ": symlink " + target + " has an empty target; installed as an empty file");
        entries.put(target, TreeEntry.file(target, 0644, writeOut(new byte[0]), 0));
        pd.put("path_type", "hardlink"); // what is installed is a file, as from the .tar.bz2 twin
        pd.put("sha256_in_prefix", Hashing.sha256Hex(new byte[0]));
    }

    private void placeFile(ManifestEntry m, ArchiveMember member, String target, Map<String, Object> pd)
            throws IOException, CondockException {
        pd.put("path_type", "hardlink");
        // group/other write and setuid/setgid/sticky bits are dropped (as Python's tar "data" filter does):
        // an image file writable by anyone, or setuid from a package, is never intended
        int mode = member.mode() & 0755;
        if (m.placeholder() != null) {
            byte[] raw = Files.readAllBytes(member.content());
            byte[] replaced = replace(raw, m, target);
            Path content = replaced == raw ? member.content() : writeOut(replaced);
            pd.put("sha256_in_prefix", Hashing.sha256Hex(replaced));
            entries.put(target, TreeEntry.file(target, mode, content, replaced.length));
            return;
        }
        pd.put("sha256_in_prefix", member.sha256());
        if (member.kind() == ArchiveMember.Kind.HARDLINK && sharesBytesWith(member.linkTarget())) {
            entries.put(
                    target,
                    new TreeEntry(
                            target,
                            TreeEntry.Kind.HARDLINK,
                            mode,
                            targetOf(member.linkTarget()),
                            member.content(),
                            member.size()));
            return;
        }
        entries.put(target, TreeEntry.file(target, mode, member.content(), member.size()));
    }

    /** A hardlink stays one only if its root is installed with the same bytes (no prefix replacement). */
    private boolean sharesBytesWith(String root) {
        if (manifestByPath == null) {
            manifestByPath = new HashMap<>();
            manifest.forEach(m -> manifestByPath.put(m.path(), m));
        }
        ManifestEntry r = manifestByPath.get(root);
        ArchiveMember rm = ex.members().get(root);
        return r != null && r.placeholder() == null && rm != null && rm.kind() == ArchiveMember.Kind.FILE;
    }

    private byte[] replace(byte[] raw, ManifestEntry m, String target) throws CondockException {
        if (!m.binary()) {
            return PrefixReplacer.text(raw, m.placeholder(), options.prefix());
        }
        try {
            return PrefixReplacer.binary(raw, m.placeholder(), options.prefix());
        } catch (PrefixReplacer.TooLongException e) {
            throw CondockException.user("package " + pkg + ": cannot install binary file " + target + ": prefix "
                    + options.prefix() + " (" + options.prefix().length() + " bytes) is longer than its placeholder "
                    + MemberNames.printable(m.placeholder()) + " ("
                    + m.placeholder().length()
                    + " bytes); use a shorter prefix");
        }
    }

    private void addEntryPoints(NoarchPython py) throws IOException, CondockException {
        for (NoarchPython.EntryPoint ep : NoarchPython.entryPoints(ex.info().get("info/link.json"), pkg)) {
            String target = "bin/" + ep.command();
            byte[] script = py.script(ep);
            entries.put(target, TreeEntry.file(target, 0755, writeOut(script), script.length));
            Map<String, Object> pd = new PathData();
            pd.put("_path", target);
            pd.put("path_type", "unix_python_entry_point");
            pathsData.put(target, pd);
        }
    }

    private void checkSymlinks() throws CondockException {
        Map<String, String> links = new HashMap<>();
        entries.values().stream()
                .filter(e -> e.kind() == TreeEntry.Kind.SYMLINK)
                .forEach(e -> links.put(e.path(), e.linkTarget()));
        LinkGuard guard = new LinkGuard(links);
        for (Map.Entry<String, String> l : new TreeMap<>(links).entrySet()) {
            LinkGuard.Verdict v = guard.check(l.getKey(), l.getValue());
            if (v != LinkGuard.Verdict.INSIDE) {
                throw MemberNames.hostile(
                        pkg, l.getKey(), "symlink to '" + MemberNames.printable(l.getValue()) + "' " + describe(v));
            }
        }
    }

    static String describe(LinkGuard.Verdict v) {
        return switch (v) {
            case ABSOLUTE -> "is absolute (it must stay inside the prefix)";
            case ESCAPES -> "leaves the prefix";
            case LOOP -> "passes through more than " + LinkGuard.MAX_HOPS + " symlinks";
            case INSIDE -> "stays inside the prefix";
        };
    }

    private void addPrefixRecord() throws IOException {
        List<String> files = entries.values().stream()
                .filter(e -> e.kind() != TreeEntry.Kind.DIRECTORY)
                .map(TreeEntry::path)
                .toList();
        Path file = work.resolve("conda-meta.json");
        // streamed to the staging file: for 300,000 paths the record is ~60 MB, which a byte array held twice
        // (growing buffer + copy) at the peak of the install
        try (java.io.OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            PrefixRecordJson.write(
                    out,
                    record,
                    ex.info().get("info/index.json"),
                    requestedSpec,
                    files,
                    new ArrayList<>(pathsData.values()),
                    options.prefix());
        }
        String path = "conda-meta/" + record.dist() + ".json";
        entries.put(path, TreeEntry.file(path, 0644, file, Files.size(file)));
    }

    private Path writeOut(byte[] data) throws IOException {
        Path p = outDir.resolve(String.format("%07d", outCount++));
        Files.write(p, data);
        return p;
    }
}

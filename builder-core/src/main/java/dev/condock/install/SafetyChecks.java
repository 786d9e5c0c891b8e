package dev.condock.install;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * conda's {@code safety_checks} and {@code extra_safety_checks}, always on: a package must be what its lock
 * record says (info/index.json), must hold what its paths.json declares with the declared size and sha256, and
 * must not build a symlink loop or put entries under its own symlinks (a layer tar would hold a file below a
 * symlink, which image tools drop or follow out of the prefix). The hashes compared are the ones
 * {@link ArchiveReader} computed while staging each member: no byte is read twice. Each failure is one line
 * naming the package and the path (exit 2).
 */
final class SafetyChecks {
    private SafetyChecks() {}

    /** index.json names the same package as the record the lock (or the solver) chose. */
    static void index(PackageRecord record, ExtractedPackage ex, String pkg) throws CondockException {
        JsonNode index;
        try {
            index = Json.CANONICAL.readTree(ex.info().get("info/index.json"));
        } catch (IOException e) {
            throw CondockException.user("package " + pkg + ": info/index.json is not valid JSON: "
                    + MemberNames.printable(
                            String.valueOf(e.getMessage()).lines().findFirst().orElse("")));
        }
        if (index == null || !index.isObject()) {
            throw CondockException.user("package " + pkg + ": info/index.json is not a JSON object");
        }
        String name = field(index, "name");
        String version = field(index, "version");
        String build = field(index, "build");
        if (!record.name().equals(name)
                || !record.version().equals(version)
                || !record.build().equals(build)) {
            throw CondockException.user("package " + pkg + ": info/index.json describes "
                    + MemberNames.printable(name + "-" + version + "-" + build) + ", not the locked " + pkg
                    + " (a renamed or substituted archive)");
        }
    }

    private static String field(JsonNode index, String key) {
        JsonNode v = index.get(key);
        return v == null || v.isNull() ? "<none>" : v.asText();
    }

    /**
     * Every file paths.json declares is in the archive with the declared size and sha256. Legacy manifests
     * (info/files) give no hashes and are only checked for presence by the caller.
     */
    static void files(List<ManifestEntry> manifest, ExtractedPackage ex, String pkg) throws CondockException {
        for (ManifestEntry m : manifest) {
            if (m.type() == null || m.type() == ManifestEntry.Type.DIRECTORY) continue;
            ArchiveMember member = ex.members().get(m.path());
            if (member == null) {
                throw CondockException.user("package " + pkg + ": info/paths.json lists '"
                        + MemberNames.printable(m.path()) + "', which the archive does not contain");
            }
            boolean hasBytes = member.kind() == ArchiveMember.Kind.FILE || member.kind() == ArchiveMember.Kind.HARDLINK;
            if (m.type() != ManifestEntry.Type.HARDLINK || !hasBytes) continue;
            if (m.size() >= 0 && m.size() != member.size()) {
                throw CondockException.user("package " + pkg + ": '" + MemberNames.printable(m.path()) + "' is "
                        + member.size() + " bytes in the archive, but info/paths.json says " + m.size());
            }
            if (m.sha256() != null && !m.sha256().equalsIgnoreCase(member.sha256())) {
                throw CondockException.user("package " + pkg + ": '" + MemberNames.printable(m.path())
                        + "' has sha256 " + member.sha256() + " in the archive, but info/paths.json says "
                        + MemberNames.printable(m.sha256()));
            }
        }
    }

    /** No entry below one of the package's symlinks, and no symlink chain that never ends. */
    static void symlinks(Collection<TreeEntry> entries, String pkg) throws CondockException {
        Map<String, String> links = new HashMap<>();
        for (TreeEntry e : entries) {
            if (e.kind() == TreeEntry.Kind.SYMLINK) links.put(e.path(), e.linkTarget());
        }
        if (links.isEmpty()) return;
        for (TreeEntry e : entries) {
            for (int i = e.path().lastIndexOf('/'); i > 0; i = e.path().lastIndexOf('/', i - 1)) {
                String parent = e.path().substring(0, i);
                if (links.containsKey(parent)) {
                    throw CondockException.user("package " + pkg + ": '" + MemberNames.printable(e.path())
                            + "' is under the symlink '" + MemberNames.printable(parent) + "' (an entry below a "
                            + "symlink is dropped or lands elsewhere when the image is unpacked)");
                }
            }
        }
        for (String l : new java.util.TreeSet<>(links.keySet())) {
            if (loops(links, l)) {
                throw CondockException.user("package " + pkg + ": symlink '" + MemberNames.printable(l)
                        + "' is part of a loop (it never reaches a file or directory)");
            }
        }
    }

    /** Follows {@code start} lexically through the package's own symlinks; true when it never ends. */
    static boolean loops(Map<String, String> links, String start) {
        String cur = start;
        for (int hops = 0; links.containsKey(cur); hops++) {
            if (hops > LinkGuard.MAX_HOPS) return true;
            String target = links.get(cur);
            if (target.startsWith("/")) return false;
            int slash = cur.lastIndexOf('/');
            cur = lexical(slash < 0 ? target : cur.substring(0, slash) + "/" + target);
            if (cur == null) return false; // leaves the prefix: LinkGuard refuses that on its own
        }
        return false;
    }

    private static String lexical(String path) {
        List<String> out = new ArrayList<>();
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            if (c.equals("..")) {
                if (out.isEmpty()) return null;
                out.remove(out.size() - 1);
            } else {
                out.add(c);
            }
        }
        return String.join("/", out);
    }
}

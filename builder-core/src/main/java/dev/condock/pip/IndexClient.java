package dev.condock.pip;

import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Redact;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Finds a project's files on the configured indexes (http(s) or file: roots) and find-links locations, and reads
 * wheel METADATA: the PEP 658 metadata file when offered, else the wheel itself (downloaded whole into the cache,
 * hash-checked, or read in place for file: URLs).
 */
final class IndexClient {
    private final PipOptions opts;
    private final PipHttp http;
    private final Map<String, List<IndexLink>> linksByProject = new HashMap<>();
    private List<IndexLink> findLinks;

    IndexClient(PipOptions opts, PipHttp http) {
        this.opts = opts;
        this.http = http;
    }

    /** All files offered for {@code project} (normalized), from every index and find-links location. */
    List<IndexLink> links(String project) throws CondockException {
        List<IndexLink> cached = linksByProject.get(project);
        if (cached != null) return cached;
        List<IndexLink> out = new ArrayList<>();
        for (String root : opts.allIndexes()) out.addAll(projectPage(root, project));
        for (IndexLink l : findLinks()) if (project.equals(projectOf(l.filename()))) out.add(l);
        linksByProject.put(project, out);
        return out;
    }

    private List<IndexLink> projectPage(String root, String project) throws CondockException {
        String base = root.endsWith("/") ? root : root + "/";
        String shown = Redact.url(base);
        if (base.startsWith("file:")) {
            Path dir = Path.of(URI.create(base)).resolve(project);
            Path index = dir.resolve("index.html");
            try {
                if (Files.isRegularFile(index)) {
                    return SimplePages.parseHtml(
                            Files.readString(index, StandardCharsets.UTF_8),
                            index.toUri().toString(),
                            shown);
                }
                if (Files.isDirectory(dir)) return listDirectory(dir, shown);
                return List.of();
            } catch (IOException e) {
                throw CondockException.environment("pip index " + shown + ": " + e.getMessage(), e);
            }
        }
        String url = http.strip(base) + project + "/";
        PipHttp.Page page = http.page(base + project + "/");
        if (page == null) return List.of();
        try {
            byte[] body = Files.readAllBytes(page.body());
            return SimplePages.isJson(page.contentType())
                    ? SimplePages.parseJson(body, page.url(), shown)
                    : SimplePages.parseHtml(new String(body, StandardCharsets.UTF_8), page.url(), shown);
        } catch (IOException e) {
            throw CondockException.environment(
                    "pip index " + shown + ": bad page for " + project + " (" + Redact.url(url) + "): "
                            + e.getMessage(),
                    e);
        }
    }

    private List<IndexLink> findLinks() throws CondockException {
        if (findLinks != null) return findLinks;
        List<IndexLink> out = new ArrayList<>();
        for (String loc : opts.findLinks()) {
            String shown = Redact.url(loc);
            try {
                Path dir =
                        loc.startsWith("file:") ? Path.of(URI.create(loc)) : loc.contains("://") ? null : Path.of(loc);
                if (dir != null) {
                    if (!Files.isDirectory(dir))
                        throw CondockException.user("pip --find-links " + shown + ": not a directory");
                    out.addAll(listDirectory(dir, shown));
                } else {
                    PipHttp.Page page = http.page(loc);
                    if (page == null)
                        throw CondockException.user("pip --find-links " + shown + ": not found (HTTP 404)");
                    out.addAll(SimplePages.parseHtml(
                            Files.readString(page.body(), StandardCharsets.UTF_8), page.url(), shown));
                }
            } catch (IOException e) {
                throw CondockException.environment("pip --find-links " + shown + ": " + e.getMessage(), e);
            }
        }
        findLinks = out;
        return out;
    }

    private static List<IndexLink> listDirectory(Path dir, String shown) throws IOException {
        List<IndexLink> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                if (Files.isRegularFile(p))
                    out.add(new IndexLink(
                            p.getFileName().toString(), p.toUri().toString(), null, null, false, null, shown));
            }
        }
        return out;
    }

    /** The normalized project a wheel or sdist file name belongs to, or null. */
    static String projectOf(String filename) {
        WheelTags.WheelName w = WheelTags.parse(filename);
        if (w != null) return w.name();
        String[] sd = sdist(filename);
        return sd == null ? null : PipNames.normalize(sd[0]);
    }

    /** {name, version} of an sdist file name ({@code name-1.0.tar.gz}), or null. */
    static String[] sdist(String filename) {
        String stem = null;
        for (String ext : List.of(".tar.gz", ".zip", ".tar.bz2", ".tgz", ".tar.xz")) {
            if (filename.toLowerCase(java.util.Locale.ROOT).endsWith(ext))
                stem = filename.substring(0, filename.length() - ext.length());
        }
        if (stem == null) return null;
        int dash = stem.lastIndexOf('-');
        return dash <= 0 ? null : new String[] {stem.substring(0, dash), stem.substring(dash + 1)};
    }

    /** The METADATA text of a wheel link. */
    String metadata(IndexLink link) throws CondockException {
        String shown = Redact.url(link.url());
        if (link.metadata() != null && !link.url().startsWith("file:")) {
            Path f = http.cacheDir()
                    .resolve("metadata")
                    .resolve(Hashing.sha256Hex(shown.getBytes(StandardCharsets.UTF_8)) + ".metadata");
            String expected = link.metadata().isEmpty() ? null : link.metadata();
            try {
                if (!http.files().intact(f, expected, "pip metadata " + shown + ".metadata")) {
                    if (!http.download(link.url() + ".metadata", f))
                        throw CondockException.user(
                                shown + ".metadata: not found (HTTP 404) though the index offers it");
                    if (!hashOk(f, link.metadata())) {
                        http.files().remove(f);
                        throw CondockException.user(shown + ".metadata: sha256 does not match the index's");
                    }
                    http.files().stored(f, expected);
                }
                return Files.readString(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw CondockException.environment(shown + ".metadata: " + e.getMessage(), e);
            }
        }
        return WheelMetadata.readFromWheel(wheelFile(link), link.filename());
    }

    /** The wheel on local disk: in place for file: URLs, else downloaded (hash-checked) into the cache. */
    Path wheelFile(IndexLink link) throws CondockException {
        if (link.url().startsWith("file:")) {
            Path p = Path.of(URI.create(link.url()));
            if (link.sha256() != null && !hashOk(p, link.sha256())) {
                throw CondockException.user(
                        link.filename() + ": sha256 does not match the index's (" + link.source() + ")");
            }
            return p;
        }
        String shown = Redact.url(link.url());
        String key = link.sha256() != null ? link.sha256() : Hashing.sha256Hex(shown.getBytes(StandardCharsets.UTF_8));
        Path f = http.cacheDir().resolve("wheels").resolve(key).resolve(link.filename());
        try {
            if (http.files().intact(f, link.sha256(), "pip wheel " + link.filename())) return f;
            if (!http.download(link.url(), f)) throw CondockException.user(shown + ": not found (HTTP 404)");
            if (link.sha256() != null && !hashOk(f, link.sha256())) {
                http.files().remove(f);
                throw CondockException.user(
                        link.filename() + ": sha256 does not match the index's (" + link.source() + ")");
            }
            http.files().stored(f, link.sha256());
        } catch (IOException e) {
            throw CondockException.environment("pip cache " + f + ": " + e.getMessage(), e);
        }
        return f;
    }

    /** sha256 of a link: the index's, else computed from the file. */
    String sha256(IndexLink link) throws CondockException {
        if (link.sha256() != null) return link.sha256();
        Path f = wheelFile(link);
        try {
            return Hashing.sha256Hex(f);
        } catch (IOException e) {
            throw CondockException.environment(f + ": " + e.getMessage(), e);
        }
    }

    private static boolean hashOk(Path f, String expected) throws CondockException {
        if (expected == null || expected.isEmpty()) return true;
        try {
            return Hashing.sha256Hex(f).equalsIgnoreCase(expected);
        } catch (IOException e) {
            throw CondockException.environment(f + ": " + e.getMessage(), e);
        }
    }
}

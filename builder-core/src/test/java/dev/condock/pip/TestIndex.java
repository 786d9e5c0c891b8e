package dev.condock.pip;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.condock.util.Hashing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A simple-API index on 127.0.0.1 serving wheels this class writes: PEP 503 HTML or PEP 691 JSON (by Accept),
 * PEP 658/714 metadata files, data-requires-python, PEP 592 yanked, sdists. Also writable as a file: tree.
 */
final class TestIndex implements AutoCloseable {
    /** One published file. */
    record Dist(
            String project,
            String version,
            String filename,
            byte[] bytes,
            String metadata,
            String requiresPython,
            boolean yanked) {}

    private final Map<String, List<Dist>> projects = new TreeMap<>();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    boolean json = true;
    boolean metadataFiles = true;
    /** When set, every request must carry this Authorization header (else 401). */
    String requiredAuth;
    /** Cache-Control sent with project pages, or null. */
    String cacheControl;

    final java.util.concurrent.atomic.AtomicInteger jsonPages = new java.util.concurrent.atomic.AtomicInteger();
    /** Publish wrong sha256 fragments for wheels. */
    boolean corruptHashes;

    private HttpServer server;

    /** A wheel: deps are Requires-Dist lines; extras map extra → its Requires-Dist lines (markers added here). */
    TestIndex wheel(
            String project,
            String version,
            String tag,
            List<String> deps,
            Map<String, List<String>> extras,
            String requiresPython,
            boolean yanked)
            throws IOException {
        StringBuilder md =
                new StringBuilder("Metadata-Version: 2.1\nName: " + project + "\nVersion: " + version + "\n");
        if (requiresPython != null)
            md.append("Requires-Python: ").append(requiresPython).append('\n');
        for (String d : deps) md.append("Requires-Dist: ").append(d).append('\n');
        for (Map.Entry<String, List<String>> e : extras.entrySet()) {
            md.append("Provides-Extra: ").append(e.getKey()).append('\n');
            for (String d : e.getValue()) {
                String marker = "extra == \"" + e.getKey() + "\"";
                md.append("Requires-Dist: ")
                        .append(d.contains(";") ? d.replace(";", "; (") + ") and " + marker : d + " ; " + marker)
                        .append('\n');
            }
        }
        md.append("\nA test distribution.\n");
        String dist = project.replace('-', '_') + "-" + version;
        String filename = dist + "-" + tag + ".whl";
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bos)) {
            put(
                    z,
                    project.replace('-', '_') + "/__init__.py",
                    ("__version__ = '" + version + "'\n").getBytes(StandardCharsets.UTF_8));
            put(z, dist + ".dist-info/METADATA", md.toString().getBytes(StandardCharsets.UTF_8));
            put(
                    z,
                    dist + ".dist-info/WHEEL",
                    ("Wheel-Version: 1.0\nGenerator: condock-test\nRoot-Is-Purelib: " + tag.endsWith("any") + "\nTag: "
                                    + tag + "\n")
                            .getBytes(StandardCharsets.UTF_8));
            put(
                    z,
                    dist + ".dist-info/RECORD",
                    (project.replace('-', '_') + "/__init__.py,,\n" + dist + ".dist-info/METADATA,,\n" + dist
                                    + ".dist-info/WHEEL,,\n" + dist + ".dist-info/RECORD,,\n")
                            .getBytes(StandardCharsets.UTF_8));
        }
        add(new Dist(project, version, filename, bos.toByteArray(), md.toString(), requiresPython, yanked));
        return this;
    }

    TestIndex pure(String project, String version, String... deps) throws IOException {
        return wheel(project, version, "py3-none-any", List.of(deps), Map.of(), null, false);
    }

    TestIndex sdist(String project, String version) {
        add(new Dist(
                project,
                version,
                project + "-" + version + ".tar.gz",
                "not really a tarball".getBytes(StandardCharsets.UTF_8),
                null,
                null,
                false));
        return this;
    }

    private void add(Dist d) {
        projects.computeIfAbsent(PipNames.normalize(d.project()), k -> new ArrayList<>())
                .add(d);
    }

    private static void put(ZipOutputStream z, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(315532800000L);
        z.putNextEntry(e);
        z.write(data);
        z.closeEntry();
    }

    TestIndex start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        return this;
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/simple/";
    }

    @Override
    public void close() {
        if (server != null) server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        requests.add(path);
        try (ex) {
            if (requiredAuth != null
                    && !requiredAuth.equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                send(ex, 401, "text/plain", "auth".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("/simple/") && path.length() > "/simple/".length()) {
                String project = path.substring("/simple/".length()).replaceAll("/$", "");
                List<Dist> ds = projects.get(PipNames.normalize(project));
                if (ds == null) {
                    send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String accept = String.valueOf(ex.getRequestHeaders().getFirst("Accept"));
                if (cacheControl != null) ex.getResponseHeaders().set("Cache-Control", cacheControl);
                if (json && accept.contains("application/vnd.pypi.simple.v1+json")) {
                    jsonPages.incrementAndGet();
                    send(ex, 200, "application/vnd.pypi.simple.v1+json", jsonPage(project, ds));
                } else {
                    send(ex, 200, "text/html", htmlPage(ds).getBytes(StandardCharsets.UTF_8));
                }
                return;
            }
            if (path.startsWith("/files/")) {
                String name = path.substring("/files/".length());
                for (List<Dist> ds : projects.values()) {
                    for (Dist d : ds) {
                        if (d.filename().equals(name)) {
                            send(ex, 200, "application/octet-stream", d.bytes());
                            return;
                        }
                        if (metadataFiles && d.metadata() != null && (d.filename() + ".metadata").equals(name)) {
                            send(
                                    ex,
                                    200,
                                    "application/octet-stream",
                                    d.metadata().getBytes(StandardCharsets.UTF_8));
                            return;
                        }
                    }
                }
            }
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        }
    }

    private String htmlPage(List<Dist> ds) {
        StringBuilder b = new StringBuilder("<!DOCTYPE html><html><body>\n");
        for (Dist d : ds) {
            b.append("<a href=\"../../files/")
                    .append(d.filename())
                    .append("#sha256=")
                    .append(sha(d))
                    .append('"');
            if (d.requiresPython() != null)
                b.append(" data-requires-python=\"")
                        .append(d.requiresPython().replace("<", "&lt;").replace(">", "&gt;"))
                        .append('"');
            if (d.yanked()) b.append(" data-yanked=\"broken\"");
            if (metadataFiles && d.metadata() != null) {
                String h = Hashing.sha256Hex(d.metadata().getBytes(StandardCharsets.UTF_8));
                b.append(" data-dist-info-metadata=\"sha256=")
                        .append(h)
                        .append("\" data-core-metadata=\"sha256=")
                        .append(h)
                        .append('"');
            }
            b.append('>').append(d.filename()).append("</a><br/>\n");
        }
        return b.append("</body></html>\n").toString();
    }

    private byte[] jsonPage(String project, List<Dist> ds) throws IOException {
        List<Map<String, Object>> files = new ArrayList<>();
        for (Dist d : ds) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("filename", d.filename());
            f.put("url", "../../files/" + d.filename());
            f.put("hashes", Map.of("sha256", sha(d)));
            if (d.requiresPython() != null) f.put("requires-python", d.requiresPython());
            if (d.yanked()) f.put("yanked", "broken");
            if (metadataFiles && d.metadata() != null) {
                Map<String, String> h =
                        Map.of("sha256", Hashing.sha256Hex(d.metadata().getBytes(StandardCharsets.UTF_8)));
                f.put("core-metadata", h);
                f.put("dist-info-metadata", h);
            }
            files.add(f);
        }
        return new ObjectMapper()
                .writeValueAsBytes(Map.of("meta", Map.of("api-version", "1.0"), "name", project, "files", files));
    }

    private String sha(Dist d) {
        return corruptHashes ? Hashing.sha256Hex(new byte[] {42}) : Hashing.sha256Hex(d.bytes());
    }

    /** The bytes of a published file, for direct-reference tests. */
    Dist dist(String filename) {
        for (List<Dist> ds : projects.values())
            for (Dist d : ds) if (d.filename().equals(filename)) return d;
        throw new IllegalArgumentException(filename);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(body);
        }
    }

    /** Writes the index as a file: tree (root/simple/NAME/index.html + root/files/*); returns the simple root URI. */
    String writeTo(Path root) throws IOException {
        for (Map.Entry<String, List<Dist>> e : projects.entrySet()) {
            Path dir = Files.createDirectories(root.resolve("simple").resolve(e.getKey()));
            Files.writeString(dir.resolve("index.html"), htmlPage(e.getValue()));
            for (Dist d : e.getValue()) {
                Files.createDirectories(root.resolve("files"));
                Files.write(root.resolve("files").resolve(d.filename()), d.bytes());
            }
        }
        return root.resolve("simple").toUri().toString();
    }
}

package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.util.Hashing;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials for a pip index and its wheel downloads, asserted by the servers: the index (server A) takes
 * {@code alice} from the index URL's user info; its wheel links redirect to a files host (server B, another port)
 * that takes {@code bob} from ~/.netrc only. lock resolves through both, build installs the lock's wheel offline
 * from the index's credentials again; no output and no lock ever shows either password.
 */
class PipCredentialsTest {
    @TempDir
    Path tmp;

    private final List<HttpServer> servers = new ArrayList<>();
    private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    private static String basic(String user, String pass) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + pass).getBytes(StandardCharsets.UTF_8));
    }

    private HttpServer server(String name, String auth, Handler h) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        s.createContext("/", ex -> {
            String got = ex.getRequestHeaders().getFirst("Authorization");
            seen.add(name + " " + ex.getRequestURI().getPath() + " " + (auth.equals(got) ? "ok" : "no-auth"));
            if (!auth.equals(got)) {
                send(ex, 401, "text/plain", "who are you".getBytes(StandardCharsets.UTF_8));
                return;
            }
            h.handle(ex);
        });
        s.start();
        servers.add(s);
        return s;
    }

    interface Handler {
        void handle(HttpExchange ex) throws IOException;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) ex.getResponseBody().write(body);
        ex.close();
    }

    @Test
    void indexAndWheelCredentialsArriveAndAreNeverShown() throws Exception {
        Path wheel = PipCommandsTest.wheel(tmp.resolve("w"), "tinypip", "1.0");
        byte[] wheelBytes = Files.readAllBytes(wheel);
        String fn = wheel.getFileName().toString();
        HttpServer files =
                server("B", basic("bob", "hunter2"), ex -> send(ex, 200, "application/octet-stream", wheelBytes));
        int bPort = files.getAddress().getPort();
        HttpServer index = server("A", basic("alice", "s3cret"), ex -> {
            String p = ex.getRequestURI().getPath();
            if (p.equals("/simple/tinypip/")) {
                String html = "<html><body><a href=\"/files/" + fn + "#sha256=" + Hashing.sha256Hex(wheel) + "\">" + fn
                        + "</a></body></html>";
                send(ex, 200, "text/html", html.getBytes(StandardCharsets.UTF_8));
            } else if (p.startsWith("/files/")) {
                ex.getResponseHeaders().set("Location", "http://127.0.0.1:" + bPort + "/w/" + fn);
                send(ex, 302, "text/plain", new byte[0]);
            } else {
                send(ex, 404, "text/plain", new byte[0]);
            }
        });
        String indexUrl = "http://alice:s3cret@127.0.0.1:" + index.getAddress().getPort() + "/simple/";
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve(".netrc"), "machine 127.0.0.1\n  login bob\n  password hunter2\n");
        Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path env = tmp.resolve("environment.yml");
        Files.writeString(
                env,
                "channels: [" + tmp.resolve("channel").toUri() + "]\n"
                        + "dependencies:\n  - python=3.11\n  - pip:\n    - tinypip\n");
        String sh = "HOME='" + home + "' NETRC= CONDOCK_CACHE='" + tmp.resolve("cache1") + "' ";

        Path lock = tmp.resolve("conda-lock.yml");
        Fixtures.Run l = Fixtures.cliProcess(
                sh, List.of("lock", env.toString(), "-o", lock.toString(), "--pip-index-url", indexUrl));
        assertEquals(0, l.exit(), l.out() + l.err());
        String y = Files.readString(lock);
        assertTrue(y.contains("/files/" + fn), y);
        List<String> afterLock = List.copyOf(seen);
        assertTrue(afterLock.contains("B /w/" + fn + " ok"), "the resolve read the wheel's METADATA: " + afterLock);

        Fixtures.Run b = Fixtures.cliProcess(
                sh,
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--to",
                        "oci:" + tmp.resolve("img"),
                        "--cache",
                        tmp.resolve("cache2").toString(),
                        "--pip-index-url",
                        indexUrl));
        assertEquals(0, b.exit(), b.out() + b.err());
        assertTrue(seen.contains("A /simple/tinypip/ ok"), seen.toString());
        assertTrue(seen.contains("B /w/" + fn + " ok"), "the redirect target got ~/.netrc's login: " + seen);
        assertTrue(
                seen.size() > afterLock.size() && seen.get(seen.size() - 1).startsWith("B /w/"),
                "the build downloaded the wheel again, through the index's redirect: " + afterLock + " then " + seen);
        assertFalse(seen.stream().anyMatch(s -> s.endsWith("no-auth")), seen.toString());

        // without the index's login the build fails on A's 401 (exit 2: credentials are the user's to give), naming the
        // URL without any password
        Fixtures.Run denied = Fixtures.cliProcess(
                "HOME='" + tmp.resolve("nohome") + "' NETRC= ",
                List.of(
                        "build",
                        "--lock",
                        lock.toString(),
                        "--to",
                        "oci:" + tmp.resolve("img2"),
                        "--cache",
                        tmp.resolve("cache3").toString()));
        assertEquals(2, denied.exit(), denied.out() + denied.err());
        assertTrue(denied.err().contains("401"), denied.err());
        for (String text : List.of(y, l.out(), l.err(), b.out(), b.err(), denied.out(), denied.err())) {
            assertFalse(text.contains("s3cret") || text.contains("hunter2") || text.contains("alice"), text);
        }
    }
}

package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Portable locks: canonical URLs in the lock, mirrors (and tokens, logins) only at fetch time. */
class ChannelMirrorTest {
    @TempDir
    Path tmp;

    Path served;
    final List<String> messages = new ArrayList<>();
    final BuildListener listener = new BuildListener() {
        @Override
        public void info(String m) {
            messages.add(m);
        }

        @Override
        public void warn(String m) {
            messages.add(m);
        }

        @Override
        public void downloads(dev.condock.fetch.DownloadProgress.Snapshot s) {
            if (s.finished()) finished.add(s.what() + " " + s.bytes());
        }
    };
    final List<String> finished = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void channel() throws Exception {
        served = tmp.resolve("served");
        List<PackageContents> pkgs = List.of(
                CondaPackageWriter.builder("tool", "1.0", "h0_0")
                        .subdir("linux-64")
                        .depends("lib >=2")
                        .file("bin/tool", "#!/bin/sh\n", 0755),
                CondaPackageWriter.builder("lib", "2.0", "h0_0")
                        .subdir("linux-64")
                        .file("lib/libx.txt", "x\n", 0644));
        ChannelWriter.writePackages(served.resolve("chan"), ArchiveFormat.CONDA, pkgs);
    }

    private Path env(String channel, String extra) throws Exception {
        Path e = tmp.resolve("env-" + Integer.toHexString((channel + extra).hashCode()) + ".yml");
        Files.writeString(e, "channels: [" + channel + "]\ndependencies: [tool]\n" + extra);
        return e;
    }

    private Path rc(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text);
    }

    private Path lock(Path env, Path rc, String out) throws Exception {
        Path explicit = tmp.resolve(out);
        new Condock(listener)
                .lock(
                        BuildRequest.builder()
                                .environment(env)
                                .platforms(List.of("linux-64"))
                                .cacheRoot(tmp.resolve("lock-cache-" + out))
                                .solve(new BuildRequest.SolveSettings(0, null, rc))
                                .build(),
                        null,
                        explicit);
        return explicit;
    }

    private BuildResult build(Path lock, Path rc, String name) throws Exception {
        return new Condock(listener)
                .build(LockFixtures.request(lock, tmp.resolve("cache-" + name), 2)
                        .solve(new BuildRequest.SolveSettings(0, null, rc))
                        .to("oci:" + tmp.resolve(name))
                        .build());
    }

    @Test
    void aMirrorStandsInForAnUnreachableCanonicalHostAndLocksStayPortable() throws Exception {
        int canonicalPort = ChannelServer.freePort();
        String canonical = "http://127.0.0.1:" + canonicalPort + "/chan";
        Path none = rc("none.condarc", "{}\n");
        try (ChannelServer mirror = new ChannelServer(served, 0, null, null)) {
            Path withMirror =
                    rc("mirror.condarc", "mirrored_channels:\n  " + canonical + ": [" + mirror.url("/chan") + "]\n");
            // the canonical host is down: lock and build both go to the mirror
            Path lock = lock(env(canonical, ""), withMirror, "mirrored.txt");
            String text = Files.readString(lock);
            assertTrue(text.contains(canonical + "/linux-64/tool-1.0-h0_0.conda"), text);
            assertFalse(text.contains(mirror.url("")), text);
            assertTrue(
                    finished.stream().anyMatch(f -> f.startsWith("repodata ") && !f.endsWith(" 0")),
                    finished.toString());
            BuildResult viaMirror = build(lock, withMirror, "a");
            assertTrue(
                    finished.stream().anyMatch(f -> f.startsWith("packages ") && !f.endsWith(" 0")),
                    finished.toString());
            assertTrue(mirror.paths.contains("/chan/linux-64/tool-1.0-h0_0.conda"), mirror.paths.toString());

            // the same lock, built where the canonical host answers and no mirror is configured
            mirror.paths.clear();
            try (ChannelServer up = new ChannelServer(served, canonicalPort, null, null)) {
                BuildResult direct = build(lock, none, "b");
                assertEquals(viaMirror.digest(), direct.digest());
                assertTrue(up.paths.contains("/chan/linux-64/lib-2.0-h0_0.conda"), up.paths.toString());
                assertTrue(mirror.paths.isEmpty(), mirror.paths.toString());
                // the reverse: locked against the canonical host, built behind the mirror once it is gone
                Path plain = lock(env(canonical, ""), none, "plain.txt");
                assertEquals(text, Files.readString(plain));
            }
            BuildResult behindMirror = build(tmp.resolve("plain.txt"), withMirror, "c");
            assertEquals(viaMirror.digest(), behindMirror.digest());
        }
    }

    @Test
    void keepMirrorUrlsRecordsTheMirror() throws Exception {
        String canonical = "http://127.0.0.1:" + ChannelServer.freePort() + "/chan";
        try (ChannelServer mirror = new ChannelServer(served, 0, null, null)) {
            Path rc = rc("m.condarc", "mirrored_channels:\n  " + canonical + ": [" + mirror.url("/chan") + "]\n");
            Path explicit = tmp.resolve("kept.txt");
            new Condock(listener)
                    .lock(
                            BuildRequest.builder()
                                    .environment(env(canonical, ""))
                                    .platforms(List.of("linux-64"))
                                    .cacheRoot(tmp.resolve("kc"))
                                    .solve(new BuildRequest.SolveSettings(0, null, rc, true))
                                    .build(),
                            null,
                            explicit);
            assertTrue(Files.readString(explicit).contains(mirror.url("/chan/linux-64/tool-1.0-h0_0.conda")));
        }
    }

    @Test
    void tokenChannelLocksWithoutTheTokenAndBuildsWithIt() throws Exception {
        String token = "tk-SECRET-4242";
        try (ChannelServer s = new ChannelServer(served, 0, token, null)) {
            Path env = env(s.url("/t/" + token + "/chan"), "");
            Path none = rc("none.condarc", "{}\n");
            Path lock = lock(env, none, "token.txt");
            assertFalse(Files.readString(lock).contains(token));
            BuildResult r = new Condock(listener)
                    .build(BuildRequest.builder()
                            .environment(env)
                            .platform("linux-64")
                            .cacheRoot(tmp.resolve("tc"))
                            .mtime(0)
                            .lockOut(tmp.resolve("token-build.txt"))
                            .solve(new BuildRequest.SolveSettings(0, null, none))
                            .to("oci:" + tmp.resolve("t"))
                            .build());
            assertTrue(s.paths.contains("/t/" + token + "/chan/linux-64/tool-1.0-h0_0.conda"), s.paths.toString());
            assertTrue(s.refused.isEmpty(), s.refused.toString());
            assertFalse(Files.readString(tmp.resolve("token-build.txt")).contains(token));
            assertFalse(r.image().configBytes().length == 0);
            assertFalse(new String(r.image().configBytes(), java.nio.charset.StandardCharsets.UTF_8).contains(token));
            assertFalse(String.join("\n", messages).contains(token), String.join("\n", messages));
        }
    }

    @Test
    void userPasswordChannelIsSentAsBasicAuth() throws Exception {
        String auth = okhttp3.Credentials.basic("alice", "pa55-word");
        try (ChannelServer s = new ChannelServer(served, 0, null, auth)) {
            String url = "http://alice:pa55-word@127.0.0.1:" + s.port() + "/chan";
            Path none = rc("none.condarc", "{}\n");
            Path lock = lock(env(url, ""), none, "basic.txt");
            assertFalse(Files.readString(lock).contains("pa55-word"));
            // building from the lock alone: the login comes from the configuration, as conda's would
            Path rc = rc("basic.condarc", "channels: [" + url + "]\n");
            build(lock, rc, "basic");
            assertTrue(s.paths.contains("/chan/linux-64/tool-1.0-h0_0.conda"), s.paths.toString());
            assertTrue(s.refused.isEmpty(), s.refused.toString());
            assertFalse(String.join("\n", messages).contains("pa55-word"));
        }
    }

    @Test
    void environmentVariablesBecomeImageEnvUnderCondockYamlEnv() throws Exception {
        Path ch = served.resolve("chan");
        Path dir = Files.createDirectories(tmp.resolve("spec"));
        Files.writeString(
                dir.resolve("environment.yml"),
                "channels: [" + ch.toUri() + "]\ndependencies: [tool]\n"
                        + "variables:\n  MODEL_DIR: /models\n  OMP_NUM_THREADS: \"4\"\n");
        Files.writeString(
                dir.resolve("condock.yaml"), "environment: environment.yml\nenv:\n  OMP_NUM_THREADS: \"8\"\n");
        BuildResult r = new Condock(listener)
                .build(BuildRequest.builder()
                        .spec(dir)
                        .cacheRoot(tmp.resolve("vc"))
                        .solve(new BuildRequest.SolveSettings(0, null, rc("none.condarc", "{}\n")))
                        .to("oci:" + tmp.resolve("v"))
                        .lockOut(tmp.resolve("v.lock"))
                        .build());
        JsonNode env =
                Json.CANONICAL.readTree(r.image().configBytes()).path("config").path("Env");
        List<String> vars = new ArrayList<>();
        env.forEach(n -> vars.add(n.asText()));
        assertTrue(vars.contains("MODEL_DIR=/models"), vars.toString());
        assertTrue(vars.contains("OMP_NUM_THREADS=8"), vars.toString());
        // conda's own record of the variables, for `conda activate` inside the image
        assertTrue(r.images().get(0).layers().size() > 0);
        boolean found = false;
        for (var l : r.image().layers()) {
            try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                    new java.util.zip.GZIPInputStream(l.source().open()))) {
                for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                    if (e.getName().endsWith("conda-meta/state")) {
                        String state = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                        assertTrue(
                                state.contains("\"env_vars\"") && state.contains("\"MODEL_DIR\" : \"/models\""), state);
                        found = true;
                    }
                }
            }
        }
        assertTrue(found, "conda-meta/state in a layer");
    }
}

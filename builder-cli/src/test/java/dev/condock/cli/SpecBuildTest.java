package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** condock build DIR: the spec's settings reach the image config, and flags override them. */
class SpecBuildTest {
    @TempDir
    Path tmp;

    static JsonNode config(Path layout, String tag) throws Exception {
        JsonNode index = Json.CANONICAL.readTree(layout.resolve("index.json").toFile());
        for (JsonNode m : index.path("manifests")) {
            if (tag.equals(m.path("annotations")
                    .path("org.opencontainers.image.ref.name")
                    .asText())) {
                JsonNode manifest = Json.CANONICAL.readTree(layout.resolve(
                                "blobs/sha256/" + m.path("digest").asText().substring(7))
                        .toFile());
                return Json.CANONICAL.readTree(layout.resolve("blobs/sha256/"
                                + manifest.path("config")
                                        .path("digest")
                                        .asText()
                                        .substring(7))
                        .toFile());
            }
        }
        throw new AssertionError("no tag " + tag);
    }

    @Test
    void specSettingsReachTheConfigAndFlagsOverrideThem() throws Exception {
        Path lock = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path dir = Files.createDirectories(tmp.resolve("app"));
        Files.writeString(dir.resolve("condock.yaml"), """
                lock: ../env.explicit.txt
                prefix: /opt/env
                env: {OMP_NUM_THREADS: "1", MODE: spec}
                entrypoint: [/opt/env/bin/footool]
                cmd: ["--help"]
                workdir: /work
                user: "1000"
                labels: {org.example.team: ml}
                tags: ["oci:../out:fromspec"]
                """);
        Fixtures.Run r = Fixtures.cli(
                "build", dir.toString(), "--cache", tmp.resolve("cache").toString());
        assertEquals(0, r.exit(), r.err());
        JsonNode c = config(tmp.resolve("out"), "fromspec").path("config");
        assertEquals("/work", c.path("WorkingDir").asText());
        assertEquals("1000", c.path("User").asText());
        assertEquals("[\"/opt/env/bin/footool\"]", c.path("Entrypoint").toString());
        assertEquals("[\"--help\"]", c.path("Cmd").toString());
        assertEquals("ml", c.path("Labels").path("org.example.team").asText());
        assertEquals("/opt/env", c.path("Labels").path("dev.condock.prefix").asText());
        String env = c.path("Env").toString();
        assertTrue(env.contains("\"OMP_NUM_THREADS=1\"") && env.contains("\"MODE=spec\""), env);
        assertTrue(env.contains("PATH=/opt/env/bin:"), env);

        Fixtures.Run o = Fixtures.cli(
                "build",
                dir.resolve("condock.yaml").toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--env",
                "MODE=flag",
                "--workdir",
                "/srv",
                "--prefix",
                "/opt/other",
                "--to",
                "oci:" + tmp.resolve("out") + ":fromflags");
        assertEquals(0, o.exit(), o.err());
        JsonNode f = config(tmp.resolve("out"), "fromflags").path("config");
        assertEquals("/srv", f.path("WorkingDir").asText());
        assertEquals("1000", f.path("User").asText(), "unset flags keep the spec's value");
        assertTrue(
                f.path("Env").toString().contains("\"MODE=flag\""),
                f.path("Env").toString());
        assertEquals("/opt/other", f.path("Labels").path("dev.condock.prefix").asText());

        // the same lock and prefix again with only another workdir: the no-op build cache must not answer
        Fixtures.Run w = Fixtures.cli(
                "build",
                dir.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--workdir",
                "/elsewhere",
                "--to",
                "oci:" + tmp.resolve("out") + ":workdir");
        assertEquals(0, w.exit(), w.err());
        assertEquals(
                "/elsewhere",
                config(tmp.resolve("out"), "workdir")
                        .path("config")
                        .path("WorkingDir")
                        .asText());
    }

    @Test
    void specErrorsNameFileAndLineAndExit2() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("bad"));
        Files.writeString(dir.resolve("condock.yaml"), "lock: x\nworkdir: [a]\n");
        Fixtures.Run r = Fixtures.cli("build", dir.toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("condock.yaml:2: workdir must be a string"), r.err());
    }
}

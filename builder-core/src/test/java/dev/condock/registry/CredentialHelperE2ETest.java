package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** docker config.json {@code credHelpers} and {@code credsStore}: a docker-credential-* program on PATH. */
@Tag("e2e")
class CredentialHelperE2ETest {
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.TLS_AUTH);
        dir = Scratch.dir("condock-credhelper");
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // The helper protocol: "get" reads the server URL on stdin and answers with JSON.
        Path helper = bin.resolve("docker-credential-condocke2e");
        Files.writeString(
                helper,
                "#!/bin/sh\n[ \"$1\" = get ] || exit 1\nread server\n"
                        + "echo \"$server\" >> " + dir.resolve("asked") + "\n"
                        + "printf '{\"ServerURL\":\"%s\",\"Username\":\"" + LocalRegistry.USER + "\",\"Secret\":\""
                        + LocalRegistry.PASSWORD + "\"}\\n' \"$server\"\n");
        Files.setPosixFilePermissions(helper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    static Tool.Result probe(String configJson, String repo) throws Exception {
        Path cfg = Files.createDirectories(dir.resolve("cfg-" + repo));
        Files.writeString(cfg.resolve("config.json"), configJson);
        return Tool.run(
                dir,
                Map.of(
                        "DOCKER_CONFIG",
                        cfg.toString(),
                        "HOME",
                        dir.toString(),
                        "PATH",
                        dir.resolve("bin") + ":" + System.getenv("PATH")),
                120,
                "java",
                "-cp",
                System.getProperty("java.class.path"),
                CredentialHelperProbe.class.getName(),
                Mode.TLS_AUTH.host() + "/e2e/" + repo + ":1",
                LocalRegistry.caFile().toString());
    }

    @Test
    void credHelpersAndCredsStoreAreAsked() throws Exception {
        Tool.Result helpers = probe("{\"credHelpers\": {\"" + Mode.TLS_AUTH.host() + "\": \"condocke2e\"}}", "helpers");
        assertEquals(0, helpers.exit(), helpers.output());
        assertTrue(helpers.output().trim().startsWith("sha256:"), helpers.output());

        Tool.Result store = probe("{\"credsStore\": \"condocke2e\"}", "store");
        assertEquals(0, store.exit(), store.output());
        assertTrue(Files.readString(dir.resolve("asked")).contains(Mode.TLS_AUTH.host()));

        Tool.Result none = probe("{}", "none");
        assertEquals(1, none.exit(), none.output());
        assertTrue(none.output().contains("access denied"), none.output());
        assertFalse(none.output().contains(LocalRegistry.PASSWORD));
    }
}

package dev.condock.image;

import static dev.condock.image.ImageFixtures.json;
import static dev.condock.image.ImageFixtures.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigBuilderTest {
    private static final List<ConfigBuilder.AddedLayer> LAYERS = List.of(
            new ConfigBuilder.AddedLayer("sha256:" + "1".repeat(64), "condock: python", "python-3.11.0"),
            new ConfigBuilder.AddedLayer("sha256:" + "2".repeat(64), "condock: numpy", null));

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void scratchConfig() throws Exception {
        JsonNode c = json(ConfigBuilder.build(
                null,
                Platform.LINUX_64,
                "/opt/conda",
                1_700_000_000L,
                LAYERS,
                Map.of("org.example.b", "2", "org.example.a", "1")));
        assertEquals("2023-11-14T22:13:20Z", c.path("created").asText());
        assertEquals("amd64", c.path("architecture").asText());
        assertEquals("linux", c.path("os").asText());
        assertFalse(c.has("variant"));
        assertEquals(
                List.of("PATH=/opt/conda/bin:" + ConfigBuilder.DEFAULT_PATH, "CONDA_PREFIX=/opt/conda"),
                texts(c.path("config").path("Env")));
        assertEquals(
                List.of("org.example.a", "org.example.b"),
                fieldNames(c.path("config").path("Labels")));
        assertEquals("1", c.path("config").path("Labels").path("org.example.a").asText());
        assertEquals("layers", c.path("rootfs").path("type").asText());
        assertEquals(
                List.of("sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64)),
                texts(c.path("rootfs").path("diff_ids")));

        JsonNode h = c.path("history");
        assertEquals(2, h.size());
        assertEquals("2023-11-14T22:13:20Z", h.get(0).path("created").asText());
        assertEquals("condock: python", h.get(0).path("created_by").asText());
        assertEquals("python-3.11.0", h.get(0).path("comment").asText());
        assertEquals("condock: numpy", h.get(1).path("created_by").asText());
        assertFalse(h.get(1).has("comment"), "no comment, no key");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void extendsTheBaseConfig() throws Exception {
        byte[] base = utf8("""
                {"architecture":"arm","os":"linux","variant":"v8","created":"2020-01-01T00:00:00Z",
                 "config":{"Env":["PATH=/usr/bin:/opt/conda/bin:/bin","LANG=C.UTF-8","CONDA_PREFIX=/old"],
                           "User":"app","WorkingDir":"/srv","Cmd":["bash"],
                           "Labels":{"z.base":"kept","org.example.a":"base"}},
                 "rootfs":{"type":"layers","diff_ids":["sha256:base"]},
                 "history":[{"created_by":"base step"}]}""");
        JsonNode c = json(ConfigBuilder.build(
                base, Platform.of("linux-armv7l"), "/opt/conda", 0, LAYERS, Map.of("org.example.a", "ours")));
        assertEquals("1970-01-01T00:00:00Z", c.path("created").asText(), "created is ours, not the base's");
        assertEquals("arm", c.path("architecture").asText());
        assertEquals("v7", c.path("variant").asText());
        JsonNode cfg = c.path("config");
        assertEquals(
                List.of("PATH=/opt/conda/bin:/usr/bin:/bin", "LANG=C.UTF-8", "CONDA_PREFIX=/opt/conda"),
                texts(cfg.path("Env")),
                "prefix bin moved to the front once, the base's CONDA_PREFIX replaced");
        assertEquals("app", cfg.path("User").asText());
        assertEquals("/srv", cfg.path("WorkingDir").asText());
        assertEquals(List.of("bash"), texts(cfg.path("Cmd")));
        assertEquals(List.of("org.example.a", "z.base"), fieldNames(cfg.path("Labels")));
        assertEquals("ours", cfg.path("Labels").path("org.example.a").asText());
        assertEquals("kept", cfg.path("Labels").path("z.base").asText());
        assertEquals(
                List.of("sha256:base", "sha256:" + "1".repeat(64), "sha256:" + "2".repeat(64)),
                texts(c.path("rootfs").path("diff_ids")),
                "base layers first, ours after in order");
        assertEquals(3, c.path("history").size());
        assertEquals("base step", c.path("history").get(0).path("created_by").asText());
        assertEquals(
                "condock: numpy", c.path("history").get(2).path("created_by").asText());

        JsonNode amd = json(ConfigBuilder.build(base, Platform.LINUX_64, "/opt/conda", 0, LAYERS, Map.of()));
        assertEquals("amd64", amd.path("architecture").asText());
        assertFalse(amd.has("variant"), "the base's variant does not survive onto a platform without one");
    }

    @Test
    void sameInputSameBytes() throws Exception {
        byte[] a = ConfigBuilder.build(null, Platform.LINUX_64, "/opt/conda", 5, LAYERS, Map.of("k", "v"));
        byte[] b = ConfigBuilder.build(
                null,
                Platform.LINUX_64,
                "/opt/conda",
                5,
                List.copyOf(LAYERS),
                new java.util.HashMap<>(Map.of("k", "v")));
        assertArrayEquals(a, b);
        byte[] later = ConfigBuilder.build(null, Platform.LINUX_64, "/opt/conda", 6, LAYERS, Map.of("k", "v"));
        assertFalse(java.util.Arrays.equals(a, later));
    }

    @Test
    void aBaseConfigThatIsNotJsonIsAUserError() {
        CondockException e = assertThrows(
                CondockException.class,
                () -> ConfigBuilder.build(utf8("not json"), Platform.LINUX_64, "/opt/conda", 0, LAYERS, Map.of()));
        assertTrue(e.getMessage().startsWith("base image config is not valid JSON"), e.getMessage());
        assertEquals(2, e.exitCode());
    }
}

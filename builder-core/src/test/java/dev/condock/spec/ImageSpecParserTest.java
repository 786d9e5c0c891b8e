package dev.condock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageSpecParserTest {
    private static final Path FILE = Path.of("/specs/train/condock.yaml");

    @Test
    void readsEveryKeyAndResolvesPathsAgainstTheSpecDirectory() throws Exception {
        ImageSpec s = ImageSpecParser.parse(FILE, """
                environment: environment.yml
                lock: ../locks/train.lock
                base: oci:../base:py311-cuda124
                prefix: /opt/conda
                platforms: [linux-64, linux-aarch64]
                env: {OMP_NUM_THREADS: "1"}
                entrypoint: /opt/conda/bin/python
                cmd: ["-c", "print(1)"]
                workdir: /work
                user: "1000:1000"
                labels: {org.example.team: ml}
                virtual_packages: {__cuda: "12.4"}
                layers: {compression: zstd, max: 40}
                tags: ["oci:out:train"]
                """);
        assertEquals(Path.of("/specs/train/environment.yml"), s.environment());
        assertEquals(Path.of("/specs/locks/train.lock"), s.lock());
        assertEquals("oci:/specs/base:py311-cuda124", s.base());
        assertEquals(List.of("linux-64", "linux-aarch64"), s.platforms());
        assertEquals(Map.of("OMP_NUM_THREADS", "1"), s.env());
        assertEquals(List.of("/opt/conda/bin/python"), s.entrypoint());
        assertEquals(List.of("-c", "print(1)"), s.cmd());
        assertEquals("/work", s.workdir());
        assertEquals("1000:1000", s.user());
        assertEquals(Map.of("org.example.team", "ml"), s.labels());
        assertEquals(Map.of("__cuda", "12.4"), s.virtualPackages());
        assertEquals(new ImageSpec.LayerOptions("zstd", 40), s.layers());
        assertEquals(List.of("oci:/specs/train/out:train"), s.tags());
    }

    @Test
    void estargzWithAPrefetchListOfAbsoluteImagePaths() throws Exception {
        ImageSpec s = ImageSpecParser.parse(
                FILE, "lock: a\nlayers:\n  compression: estargz\n  prefetch: [/opt/conda/bin/python3.11]\n");
        assertEquals(new ImageSpec.LayerOptions("estargz", null, List.of("/opt/conda/bin/python3.11")), s.layers());
        assertEquals(
                FILE + ":3: layers.prefetch: 'bin/python' is not an absolute path in the image",
                error("lock: a\nlayers:\n  prefetch: [bin/python]\n"));
        assertEquals(
                FILE + ":3: layers.compression must be gzip, zstd or estargz, not 'lz4'",
                error("lock: a\nlayers:\n  compression: lz4\n"));
    }

    @Test
    void absentKeysStayUnset() throws Exception {
        ImageSpec s = ImageSpecParser.parse(FILE, "lock: a.lock\n");
        assertNull(s.base());
        assertNull(s.entrypoint());
        assertNull(s.cmd());
        assertEquals(List.of(), s.platforms());
        assertEquals(ImageSpec.LayerOptions.NONE, s.layers());
    }

    private static String error(String yaml) {
        return assertThrows(CondockException.class, () -> ImageSpecParser.parse(FILE, yaml))
                .getMessage();
    }

    @Test
    void unknownKeysAndWrongTypesNameTheLine() {
        assertEquals(
                FILE + ":3: unknown key 'platfroms' in the spec (known: base, cmd, entrypoint, env, environment, "
                        + "files, insecure_registries, labels, layers, lock, pip, platforms, prefix, tags, test, user, virtual_packages, workdir)",
                error("lock: a\nbase: scratch\nplatfroms: [linux-64]\n"));
        assertEquals(FILE + ":2: platforms must be a list of strings", error("lock: a\nplatforms: linux-64\n"));
        assertEquals(FILE + ":3: env.A must be a string", error("lock: a\nenv:\n  A: [1]\n"));
        assertEquals(
                FILE + ":3: layers.max must be a positive integer, not 'many'",
                error("lock: a\nlayers:\n  max: many\n"));
        assertEquals(
                FILE + ":2: unknown key 'strategy' in layers (known: compression, max, prefetch)",
                error("lock: a\nlayers: {strategy: x}\n"));
        assertEquals(FILE + ":2: duplicate key 'lock' in the spec", error("lock: a\nlock: b\n"));
        assertEquals(
                FILE + ":3: unknown key 'index-url' in pip (known: extra_index_urls, find_links, index_url, pre)",
                error("lock: a\npip:\n  index-url: https://example.org/simple\n"));
        assertEquals(
                FILE + ":3: pip.pre must be true or false, not 'yes please'",
                error("lock: a\npip:\n  pre: yes please\n"));
        assertEquals(FILE + ":2: pip must be a mapping", error("lock: a\npip: [x]\n"));
        assertEquals(FILE + ":1: the spec must be a mapping", error("- a\n"));
        assertEquals(FILE + ":2: each item of tags must be a string", error("tags:\n  - {a: b}\n"));
    }

    @Test
    void pipIndexOptions() throws Exception {
        ImageSpec s = ImageSpecParser.parse(
                FILE,
                "lock: a\npip:\n  index_url: https://u:p@idx.example/simple\n"
                        + "  extra_index_urls: [https://x.example/simple]\n  find_links: [wheels, https://l.example/w/]\n"
                        + "  pre: true\n");
        assertEquals(
                new dev.condock.pip.PipIndexSettings(
                        "https://u:p@idx.example/simple",
                        java.util.List.of("https://x.example/simple"),
                        java.util.List.of("file:///specs/train/wheels", "https://l.example/w/"),
                        true),
                s.pip());
        assertEquals(
                dev.condock.pip.PipIndexSettings.NONE,
                ImageSpecParser.parse(FILE, "lock: a\n").pip());
    }
}

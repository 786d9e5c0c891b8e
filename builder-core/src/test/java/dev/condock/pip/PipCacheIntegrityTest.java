package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.cache.CacheStore;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pip's caches (index pages, METADATA files, wheels) never serve bad bytes: a corrupt entry is found on reuse,
 * removed with a warning and downloaded again once, and {@code cache verify|info|prune} cover them.
 */
class PipCacheIntegrityTest {
    @TempDir
    Path tmp;

    TestIndex index;
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void start() throws Exception {
        index = TestUniverse.build();
        index.cacheControl = "max-age=600"; // a fresh page is reused without a request: only a check can catch it
    }

    @AfterEach
    void stop() {
        index.close();
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private TreeSet<String> resolve(String... names) throws CondockException {
        List<PipRequirement> reqs = new ArrayList<>();
        for (String n : names) reqs.add(PipRequirement.parse(n));
        PipOptions o = new PipOptions(List.of(index.url()), List.of(), List.of(), false, cache());
        return PipRun.pins(PipResolver.resolve(reqs, Map.of(), PipResolverTest.TARGET, o, warnings::add));
    }

    private List<Path> files(String kind, String suffix) throws Exception {
        try (Stream<Path> s = Files.walk(cache().resolve("pip").resolve(kind))) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }

    /** Overwrites a byte in place (same inode, same size: only the content and ctime change). */
    static void flip(Path f) throws Exception {
        try (var ch = java.nio.channels.FileChannel.open(
                f, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.READ)) {
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(1);
            ch.read(b, 1);
            b.flip();
            byte v = b.get(0);
            ch.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (v ^ 0x5a)}), 1);
        }
    }

    @Test
    void aCorruptIndexPageIsRemovedWithAWarningAndFetchedAgain() throws Exception {
        index.start();
        TreeSet<String> first = resolve("k", "n");
        List<Path> pages = files("pages", ".body");
        assertTrue(pages.size() >= 2, pages.toString());
        index.requests.clear();
        assertEquals(first, resolve("k", "n"));
        assertEquals(List.of(), index.requests, "fresh, intact pages: no request");
        flip(pages.get(0));
        assertEquals(first, resolve("k", "n"));
        assertEquals(
                1, index.requests.stream().filter(r -> r.startsWith("/simple/")).count(), index.requests.toString());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cache: pip index page http://127.0.0.1:"), warnings.get(0));
        assertTrue(warnings.get(0).contains("was corrupt") && warnings.get(0).contains("downloaded again"));
        index.requests.clear();
        warnings.clear();
        assertEquals(first, resolve("k", "n"));
        assertEquals(List.of(), index.requests, "healed once: trusted again");
        assertEquals(List.of(), warnings);
    }

    @Test
    void aCorruptMetadataFileIsRemovedWithAWarningAndFetchedAgain() throws Exception {
        index.start();
        TreeSet<String> first = resolve("k", "n");
        List<Path> md = files("metadata", ".metadata");
        assertTrue(md.size() >= 4, md.toString());
        flip(md.get(0));
        index.requests.clear();
        assertEquals(first, resolve("k", "n"));
        assertEquals(
                List.of(),
                index.requests.stream().filter(r -> !r.endsWith(".metadata")).toList());
        assertEquals(1, index.requests.size(), index.requests.toString());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("cache: pip metadata http://127.0.0.1:"), warnings.get(0));
    }

    @Test
    void aCorruptWheelIsRemovedWithAWarningAndDownloadedAgain() throws Exception {
        index.json = false;
        index.metadataFiles = false; // METADATA is read from the wheels: they are downloaded into the cache
        index.start();
        TreeSet<String> first = resolve("a", "c");
        List<Path> wheels = files("wheels", ".whl");
        assertTrue(wheels.size() >= 3, wheels.toString());
        for (Path w : wheels) flip(w);
        index.requests.clear();
        assertEquals(first, resolve("a", "c"));
        assertEquals(
                wheels.size(),
                index.requests.stream().filter(r -> r.endsWith(".whl")).count());
        assertEquals(wheels.size(), warnings.size(), warnings.toString());
        assertTrue(warnings.stream().allMatch(w -> w.startsWith("cache: pip wheel ")), warnings.toString());
    }

    @Test
    void cacheVerifyInfoAndPruneCoverPipsCaches() throws Exception {
        index.start();
        resolve("k", "n");
        index.json = false;
        index.metadataFiles = false;
        resolve("a"); // a page not seen yet, without metadata files: its wheels are downloaded
        Path page = files("pages", ".body").get(0);
        Path md = files("metadata", ".metadata").get(0);
        Path wheel = files("wheels", ".whl").get(0);

        CacheStore store = new CacheStore(cache());
        List<String> kinds =
                store.info().kinds().stream().map(CacheStore.Kind::name).toList();
        assertTrue(kinds.containsAll(List.of("pip/metadata", "pip/pages", "pip/wheels")), kinds.toString());
        assertTrue(!kinds.contains("pip"), kinds.toString());

        CacheStore.Verified clean = store.verify();
        assertEquals(List.of(), clean.bad());
        flip(page);
        flip(md);
        flip(wheel);
        CacheStore.Verified v = store.verify();
        assertEquals(
                new TreeSet<>(List.of(page, md, wheel)),
                new TreeSet<>(v.bad().stream().map(CacheStore.Bad::path).toList()));
        assertTrue(v.checked() >= clean.bad().size() + 3);
        for (Path p : List.of(page, md, wheel)) {
            assertTrue(!Files.exists(p) && !Files.exists(p.resolveSibling(p.getFileName() + ".sha256")), p.toString());
        }
        assertTrue(
                !Files.exists(page.resolveSibling(page.getFileName().toString().replace(".body", ".meta.json"))));
        assertEquals(List.of(), store.verify().bad(), "what remains is good");

        CacheStore.Pruned pruned = store.prune(null, 0L);
        assertTrue(pruned.files() > 0);
        for (String kind : List.of("pages", "metadata", "wheels")) {
            try (Stream<Path> s = Files.walk(cache().resolve("pip").resolve(kind))) {
                assertEquals(List.of(), s.filter(Files::isRegularFile).toList(), kind + ": pruned with companions");
            }
        }
    }
}

package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The resolver against the generated index on loopback: protocols, caching, installed distributions, errors. */
class PipResolverTest {
    static final PipTarget TARGET = new PipTarget("3.11", "cp", "linux-64", "2.17");

    @TempDir
    Path tmp;

    TestIndex index;

    @BeforeEach
    void start() throws Exception {
        index = TestUniverse.build();
    }

    @AfterEach
    void stop() {
        index.close();
    }

    private PipOptions opts(String url) {
        return new PipOptions(List.of(url), List.of(), List.of(), false, tmp.resolve("cache"));
    }

    private static List<PipRequirement> reqs(String... lines) throws CondockException {
        List<PipRequirement> out = new ArrayList<>();
        for (String l : lines) out.add(PipRequirement.parse(l));
        return out;
    }

    private static TreeSet<String> pins(List<ResolvedWheel> w) {
        return PipRun.pins(w);
    }

    @Test
    void jsonApiWithMetadataFilesNeverDownloadsWheels() throws Exception {
        index.start();
        List<ResolvedWheel> w = PipResolver.resolve(reqs("h"), Map.of(), TARGET, opts(index.url()));
        assertEquals(new TreeSet<>(List.of("extras==2.0", "h==1.0", "plat==1.0", "pure==2.0")), pins(w));
        // dependencies first, requested marked, dependencies listed by name
        List<String> order = w.stream().map(ResolvedWheel::name).toList();
        assertTrue(
                order.indexOf("pure") < order.indexOf("extras")
                        && order.indexOf("plat") < order.indexOf("extras")
                        && order.indexOf("extras") < order.indexOf("h"),
                order.toString());
        ResolvedWheel h = w.get(order.indexOf("h"));
        assertTrue(h.requested());
        assertEquals(List.of("extras"), h.dependencies());
        ResolvedWheel extras = w.get(order.indexOf("extras"));
        assertFalse(extras.requested());
        assertEquals(List.of("plat", "pure"), extras.dependencies());
        ResolvedWheel plat = w.get(order.indexOf("plat"));
        assertEquals("plat-1.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl", plat.filename());
        assertEquals(">=3.8", plat.requiresPython());
        assertEquals(Hashing.sha256Hex(index.dist(plat.filename()).bytes()), plat.sha256());
        assertTrue(
                plat.url().startsWith("http://127.0.0.1:") && plat.url().endsWith("/files/" + plat.filename()),
                plat.url());
        assertTrue(index.jsonPages.get() >= 4, "PEP 691 JSON pages were asked for");
        assertTrue(index.requests.stream().anyMatch(r -> r.endsWith(".whl.metadata")));
        assertTrue(index.requests.stream().noneMatch(r -> r.endsWith(".whl")), index.requests.toString());
    }

    @Test
    void htmlWithoutMetadataDownloadsWheelsOnceIntoTheCache() throws Exception {
        index.json = false;
        index.metadataFiles = false;
        index.start();
        List<ResolvedWheel> w = PipResolver.resolve(reqs("a", "c"), Map.of(), TARGET, opts(index.url()));
        assertEquals(new TreeSet<>(List.of("a==1.0", "b==1.0", "c==1.0")), pins(w));
        long downloads = index.requests.stream().filter(r -> r.endsWith(".whl")).count();
        assertTrue(downloads >= 3);
        index.requests.clear();
        PipResolver.resolve(reqs("a", "c"), Map.of(), TARGET, opts(index.url()));
        assertTrue(
                index.requests.stream().noneMatch(r -> r.endsWith(".whl")), "second run reads wheels from the cache");
    }

    @Test
    void pagesAreCachedByMaxAgeAndMetadataByUrl() throws Exception {
        index.cacheControl = "max-age=600";
        index.start();
        TreeSet<String> first = pins(PipResolver.resolve(reqs("k", "n"), Map.of(), TARGET, opts(index.url())));
        assertEquals(new TreeSet<>(List.of("k==1.0", "l==1.0", "m==1.0", "n==1.0")), first);
        index.requests.clear();
        assertEquals(first, pins(PipResolver.resolve(reqs("k", "n"), Map.of(), TARGET, opts(index.url()))));
        assertEquals(List.of(), index.requests, "fresh pages and cached metadata: no request at all");
    }

    @Test
    void extraIndexUrlsAreSearchedToo() throws Exception {
        index.start();
        Files.createDirectories(tmp.resolve("empty"));
        PipOptions o = new PipOptions(
                List.of(tmp.resolve("empty").toUri().toString()),
                List.of(index.url()),
                List.of(),
                false,
                tmp.resolve("cache"));
        assertEquals(
                new TreeSet<>(List.of("a==1.0", "b==1.0", "c==1.0")),
                pins(PipResolver.resolve(reqs("a", "c"), Map.of(), TARGET, o)));
    }

    @Test
    void fileIndexAndFindLinksGiveTheSameResolution() throws Exception {
        index.start();
        TreeSet<String> http =
                pins(PipResolver.resolve(reqs("extras[fast,dev]", "markers"), Map.of(), TARGET, opts(index.url())));
        String fileRoot = index.writeTo(tmp.resolve("tree"));
        assertEquals(
                http, pins(PipResolver.resolve(reqs("extras[fast,dev]", "markers"), Map.of(), TARGET, opts(fileRoot))));
        PipOptions links = new PipOptions(
                List.of(tmp.resolve("empty").toUri().toString()),
                List.of(),
                List.of(tmp.resolve("tree/files").toString()),
                false,
                tmp.resolve("cache2"));
        Files.createDirectories(tmp.resolve("empty"));
        assertEquals(http, pins(PipResolver.resolve(reqs("extras[fast,dev]", "markers"), Map.of(), TARGET, links)));
    }

    @Test
    void condaInstalledDistributionsSatisfyAndAreNeverReplaced() throws Exception {
        index.start();
        // extras 2.0 wants pure>=2 but conda has pure 1.1: resolution falls back to extras 1.0, pure is not installed
        List<ResolvedWheel> w =
                PipResolver.resolve(reqs("extras[dev]"), Map.of("Pure", "1.1"), TARGET, opts(index.url()));
        assertEquals(new TreeSet<>(List.of("abi==1.1", "extras==1.0")), pins(w));
        CondockException e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(reqs("c"), Map.of("b", "2.0"), TARGET, opts(index.url())));
        assertTrue(e.getMessage().contains("pip would replace conda's b 2.0 with 1.0"), e.getMessage());
        assertTrue(e.getMessage().contains("b<2") && e.getMessage().contains("c 1.0"), e.getMessage());
        assertEquals(CondockException.USER_ERROR, e.exitCode());
    }

    @Test
    void conflictsNameTheChain() throws Exception {
        index.start();
        CondockException e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(reqs("k==2.0", "n"), Map.of(), TARGET, opts(index.url())));
        assertTrue(e.getMessage().contains("m>=2 (required by l 2.0 ← k 2.0 ← pip:)"), e.getMessage());
        assertTrue(e.getMessage().contains("m<2 (required by n 1.0 ← pip:)"), e.getMessage());
    }

    @Test
    void sdistOnlyUnknownAndIncompatibleAreOneLine() throws Exception {
        index.start();
        CondockException e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(reqs("sdistonly"), Map.of(), TARGET, opts(index.url())));
        assertTrue(
                e.getMessage().contains("sdistonly 1.0 is only available as a source distribution")
                        && e.getMessage().contains("never builds sdists"),
                e.getMessage());
        e = assertThrows(
                CondockException.class, () -> PipResolver.resolve(reqs("nosuch"), Map.of(), TARGET, opts(index.url())));
        assertTrue(e.getMessage().startsWith("pip: no package named 'nosuch' on http://127.0.0.1:"), e.getMessage());
        e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(reqs("plat>=2"), Map.of(), TARGET, opts(index.url())));
        assertTrue(e.getMessage().contains("plat>=2"), e.getMessage());
        // glibc 2.28 accepts the manylinux_2_28 wheel
        PipTarget newer = new PipTarget("3.11", "cp", "linux-64", "2.28");
        assertEquals(
                new TreeSet<>(List.of("plat==2.0")),
                pins(PipResolver.resolve(reqs("plat"), Map.of(), newer, opts(index.url()))));
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void indexDownIsAnEnvironmentError() throws Exception {
        index.start();
        String url = index.url();
        index.close();
        PipHttp quick = new PipHttp(
                new okhttp3.OkHttpClient(),
                tmp.resolve("c"),
                Netrc.load(tmp.resolve("none")),
                new dev.condock.util.Retry.Policy(
                        java.time.Duration.ofMillis(10),
                        java.time.Duration.ofMillis(10),
                        java.time.Duration.ofMillis(200)));
        CondockException e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(
                        reqs("pure"),
                        Map.of(),
                        TARGET,
                        new PipOptions(List.of(url), List.of(), List.of(), false, tmp.resolve("c")),
                        quick));
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
        assertTrue(e.getMessage().startsWith("pip index http://127.0.0.1:"), e.getMessage());
    }

    @Test
    void hashMismatchIsAUserErrorAndLeavesNothingInTheCache() throws Exception {
        index.metadataFiles = false;
        index.corruptHashes = true;
        index.start();
        CondockException e = assertThrows(
                CondockException.class, () -> PipResolver.resolve(reqs("pure"), Map.of(), TARGET, opts(index.url())));
        assertTrue(e.getMessage().contains("pure-2.0-py3-none-any.whl: sha256 does not match"), e.getMessage());
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        try (var s = Files.walk(tmp.resolve("cache"))) {
            assertTrue(s.noneMatch(p ->
                    p.toString().endsWith(".whl") || p.getFileName().toString().contains(".tmp")));
        }
    }

    @Test
    void credentialsFromTheUrlOrNetrcAreSentAndNeverShown() throws Exception {
        index.requiredAuth =
                "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        index.start();
        String withCreds = index.url().replace("http://", "http://alice:s3cret@");
        List<ResolvedWheel> w = PipResolver.resolve(reqs("pure<2"), Map.of(), TARGET, opts(withCreds));
        assertEquals(new TreeSet<>(List.of("pure==1.1")), pins(w));
        assertFalse(w.get(0).url().contains("s3cret"));
        Path fetched = PipWheels.fetch(w.get(0), opts(withCreds));
        assertEquals(w.get(0).sha256(), Hashing.sha256Hex(fetched));

        Path netrc = tmp.resolve("netrc");
        Files.writeString(netrc, "machine 127.0.0.1 login alice password s3cret\n");
        PipHttp http = new PipHttp(new okhttp3.OkHttpClient(), tmp.resolve("cache3"), Netrc.load(netrc));
        assertEquals(
                new TreeSet<>(List.of("pure==1.1")),
                pins(PipResolver.resolve(reqs("pure<2"), Map.of(), TARGET, opts(index.url()), http)));

        String wrong = index.url().replace("http://", "http://alice:wrong-pass@");
        CondockException e = assertThrows(
                CondockException.class,
                () -> PipResolver.resolve(
                        reqs("pure"),
                        Map.of(),
                        TARGET,
                        new PipOptions(List.of(wrong), List.of(), List.of(), false, tmp.resolve("cache4"))));
        assertTrue(e.getMessage().contains("HTTP 401") && !e.getMessage().contains("wrong-pass"), e.getMessage());
        assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
    }

    @Test
    void directReferenceToALocalWheel() throws Exception {
        index.start();
        Path whl = tmp.resolve("b-2.0-py3-none-any.whl");
        Files.write(whl, index.dist("b-2.0-py3-none-any.whl").bytes());
        ParsedPip p = PipSection.parse(List.of("./b-2.0-py3-none-any.whl", "a"), tmp);
        List<ResolvedWheel> w = PipResolver.resolve(p.requirements(), Map.of(), TARGET, opts(index.url()));
        assertEquals(new TreeSet<>(List.of("a==2.0", "b==2.0")), pins(w));
        ResolvedWheel b =
                w.stream().filter(x -> x.name().equals("b")).findFirst().orElseThrow();
        assertEquals(whl.toUri().toString(), b.url());
        assertEquals(Hashing.sha256Hex(whl), b.sha256());
        assertTrue(b.requested());
    }

    @Test
    void markersForOtherPlatformsDropTopLevelRequirements() throws Exception {
        index.start();
        List<ResolvedWheel> w = PipResolver.resolve(
                reqs("pure<2; platform_machine == 'aarch64'", "yank"), Map.of(), TARGET, opts(index.url()));
        assertEquals(new TreeSet<>(List.of("yank==1.0")), pins(w));
    }
}

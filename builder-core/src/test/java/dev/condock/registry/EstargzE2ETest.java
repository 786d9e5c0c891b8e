package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.pipeline.BuildRequest;
import dev.condock.pipeline.BuildResult;
import dev.condock.pipeline.Condock;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code --compression estargz} images read by real consumers: skopeo, umoci + chroot, containerd (overlayfs) and
 * podman read them as the gzip images they also are; stargz-snapshotter (containerd + containerd-stargz-grpc, FUSE)
 * pulls one lazily through a byte-counting proxy and starts a container before most of the image was fetched.
 */
@Tag("e2e")
class EstargzE2ETest {
    static final String PH = CondaPackageWriter.DEFAULT_PLACEHOLDER;
    /** Never read by the container: what a lazy pull leaves behind. Random, so gzip cannot shrink it. */
    static final int BIG = 24 << 20;

    static Path dir;
    static Path lock;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        LocalRegistry.start(Mode.HTTP);
        dir = Scratch.dir("condock-estargz");
        byte[] big = new byte[BIG];
        new Random(15).nextBytes(big);
        PackageContents many = CondaPackageWriter.builder("pylib", "1.0", "0").subdir("linux-64");
        for (int i = 0; i < 300; i++) {
            many = many.file("lib/python3.11/pylib/m" + i + ".py", "x = " + i + "\n" + "#".repeat(i * 7) + "\n", 0644);
        }
        // the shell comes from a package too: the lazy test's image has no base (see there)
        List<PackageContents> pkgs = List.of(
                CondaPackageWriter.builder("busybox", "1.35", "0")
                        .subdir("linux-64")
                        .file("bin/busybox", Files.readAllBytes(Path.of("/bin/busybox")), 0755)
                        .symlink("bin/sh", "busybox"),
                CondaPackageWriter.builder("footool", "1.0", "0")
                        .subdir("linux-64")
                        .textPrefix("bin/footool", "#!" + PH + "/bin/sh\necho footool prefix=" + PH + "\n", 0755),
                CondaPackageWriter.builder("bigdata", "1.0", "0")
                        .subdir("linux-64")
                        .file("lib/libbig.so", big, 0755),
                many);
        StringBuilder sb = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : ChannelWriter.writePackages(dir.resolve("channel"), ArchiveFormat.CONDA, pkgs)) {
            sb.append(p.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        lock = dir.resolve("env.explicit.txt");
        Files.writeString(lock, sb.toString());
    }

    static BuildResult build(String base, List<String> targets, String cache) throws Exception {
        BuildRequest req = BuildRequest.builder()
                .lock(lock)
                .base(base)
                .to(targets)
                .compression("estargz")
                .prefetch(List.of("/opt/conda/bin/footool", "/opt/conda/bin/busybox"))
                .threads(2)
                .cacheRoot(dir.resolve(cache))
                .mtime(0)
                .registry(RegistryE2ETest.options(Mode.HTTP))
                .build();
        return new Condock(new BuildOnRegistryE2ETest.Pushes()).build(req);
    }

    static String pushBase() throws Exception {
        ImageReference ref = ImageReference.parse(Mode.HTTP.host() + "/e2e/estargz-busybox:1");
        TestImages.Layer base = TestImages.layer(TestImages.busyboxBase());
        new JibRegistry(RegistryE2ETest.options(Mode.HTTP))
                .push(ref, TestImages.image(List.of(base), List.of(), null, List.of("/bin/sh")), PushListener.NONE);
        return ref.toString();
    }

    @Test
    void skopeoUmociContainerdAndPodmanReadTheEstargzImageUnchanged() throws Exception {
        String base = pushBase();
        String target = Mode.HTTP.host() + "/e2e/estargz-app:1";
        BuildResult result = build(base, List.of("docker://" + target, "oci:" + dir.resolve("oci") + ":t"), "c1");
        // reproducible: a cold build in another cache gives the same image
        assertEquals(
                result.digest(),
                build(base, List.of("oci:" + dir.resolve("oci2") + ":t"), "c2").digest());

        assumeTrue(Consumers.available(), "consumers not installed or not root");
        try (Consumers c = new Consumers(Scratch.dir("condock-estargz-consumers"))) {
            Tool.Result raw = c.skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + target);
            assertEquals(0, raw.exit(), raw.output());
            JsonNode manifest = Json.CANONICAL.readTree(raw.output());
            int annotated = 0;
            for (JsonNode l : manifest.path("layers")) {
                annotated += l.at("/annotations/containerd.io~1snapshot~1stargz~1toc.digest")
                                .isTextual()
                        ? 1
                        : 0;
            }
            assertEquals(manifest.path("layers").size() - 1, annotated, "every layer but the base's: " + manifest);

            Tool.Result chroot = c.umociChroot(Mode.HTTP, target, "/opt/conda/bin/footool");
            assertEquals(0, chroot.exit(), chroot.output());
            assertTrue(chroot.output().contains("footool prefix=/opt/conda"), chroot.output());
            assertTrue(Files.size(c.umociRootfs().resolve("opt/conda/lib/libbig.so")) == BIG);
            assertTrue(Files.exists(c.umociRootfs().resolve("stargz.index.json")), "the TOC is a plain file too");

            c.startContainerd();
            Tool.Result pull = c.ctr("image", "pull", "--hosts-dir", c.hostsDir(), target);
            assertEquals(0, pull.exit(), pull.output());
            Tool.Result run = c.ctr("run", "--rm", target, "condock-estargz-e2e", "footool");
            assertEquals(0, run.exit(), run.output());
            assertTrue(run.output().contains("footool prefix=/opt/conda"), run.output());

            Tool.Result ppull = c.podman("pull", "-q", "--tls-verify=false", target);
            assertEquals(0, ppull.exit(), ppull.output());
            Tool.Result prun = c.podman("run", "--rm", "--network=none", target, "footool");
            assertEquals(0, prun.exit(), prun.output());
            assertTrue(prun.output().contains("footool prefix=/opt/conda"), prun.output());
        }
    }

    @Test
    void stargzSnapshotterStartsTheContainerBeforeTheImageIsFetched() throws Exception {
        assumeTrue(
                Consumers.isRoot()
                        && LocalRegistry.onPath("containerd-stargz-grpc")
                        && LocalRegistry.onPath("ctr-remote")
                        && Files.exists(Path.of("/dev/fuse")),
                "containerd-stargz-grpc (scripts/build-stargz-grpc.sh), ctr-remote or /dev/fuse missing, or not root");
        // no base: containerd 1.6 fetches every layer above the first one it cannot mount lazily, so one plain
        // gzip base layer at the bottom would make the whole pull eager (seen here with the busybox base)
        build("scratch", List.of("docker://" + Mode.HTTP.host() + "/e2e/estargz-lazy:1"), "c3");
        try (RangeLogProxy proxy = new RangeLogProxy(Mode.HTTP.host());
                StargzNode node = StargzNode.start(Scratch.dir("condock-stargz"), proxy.hostPort())) {
            String ref = proxy.hostPort() + "/e2e/estargz-lazy:1";
            long total = imageBytes(node, ref);

            proxy.reset();
            long t0 = System.nanoTime();
            Tool.Result rpull = node.ctrRemote("image", "rpull", "--plain-http", ref);
            assertEquals(0, rpull.exit(), rpull.output());
            long atPull = proxy.blobBytes();
            List<RangeLogProxy.Hit> pullHits = proxy.hits();
            Tool.Result run =
                    node.ctrRemote("run", "--rm", "--snapshotter", "stargz", ref, "lazy-e2e", "/opt/conda/bin/footool");
            double lazyStart = (System.nanoTime() - t0) / 1e9;
            assertEquals(0, run.exit(), run.output() + node.log());
            assertTrue(run.output().contains("footool prefix=/opt/conda"), run.output());
            long atStart = proxy.blobBytes();
            List<RangeLogProxy.Hit> lazyHits = proxy.hits();
            long ranges = lazyHits.stream().filter(h -> h.range() != null).count();

            // the same image pulled whole (overlayfs, containerd fetches every blob) and run, for comparison
            proxy.reset();
            long t1 = System.nanoTime();
            Tool.Result full = node.ctr("-n", "full", "image", "pull", "--plain-http", ref);
            assertEquals(0, full.exit(), full.output());
            Tool.Result frun = node.ctr("-n", "full", "run", "--rm", ref, "full-e2e", "/opt/conda/bin/footool");
            double fullStart = (System.nanoTime() - t1) / 1e9;
            assertEquals(0, frun.exit(), frun.output());
            long fullBytes = proxy.blobBytes();

            String figures = String.format(
                    Locale.ROOT,
                    "estargz lazy pull: image %d bytes; fetched at rpull %d, at container start %d (%.1f%%) in %d"
                            + " range requests, start %.2f s; full pull + start %d bytes, %.2f s; load %s%n",
                    total,
                    atPull,
                    atStart,
                    100.0 * atStart / total,
                    ranges,
                    lazyStart,
                    fullBytes,
                    fullStart,
                    Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.print(figures);
            StringBuilder log = new StringBuilder(figures).append("lazy pull + start, requests:\n");
            lazyHits.forEach(h -> log.append("  ").append(h).append(pullHits.contains(h) ? " (rpull)\n" : "\n"));
            log.append("full pull + start, requests:\n");
            proxy.hits().forEach(h -> log.append("  ").append(h).append('\n'));
            Files.createDirectories(Path.of("target")); // scripts/bench-estargz.sh prints it
            Files.writeString(Path.of("target", "estargz-lazy-pull.txt"), log);
            assertTrue(ranges > 0, "no range request: the snapshotter did not read lazily\n" + node.log());
            assertTrue(atStart < total / 2, log + node.log());
            assertTrue(fullBytes >= total - 1024, figures);
        }
    }

    /** The sum of the image's layer sizes, from its manifest (read through the node's containerd). */
    private static long imageBytes(StargzNode node, String ref) throws Exception {
        Tool.Result m = node.skopeoRaw(ref);
        assertEquals(0, m.exit(), m.output());
        long total = 0;
        List<Long> sizes = new ArrayList<>();
        for (JsonNode l : Json.CANONICAL.readTree(m.output()).path("layers")) {
            sizes.add(l.path("size").asLong());
            total += l.path("size").asLong();
        }
        assertTrue(total > BIG, sizes.toString());
        return total;
    }
}

package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ConfigBuilder;
import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.image.Manifests;
import dev.condock.image.OciLayout;
import dev.condock.layer.Compression;
import dev.condock.layer.LayerEntry;
import dev.condock.layer.LayerWriter;
import dev.condock.layer.WrittenLayer;
import dev.condock.model.Platform;
import dev.condock.model.TreeEntry;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.ImageSpec;
import dev.condock.spec.ImageSpecParser;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The image stack of base-images/, offline: a busybox-static root that declares CUDA 12.4 (as nvidia/cuda does)
 * → a Miniconda base built from a spec of the base-images shape → train and infer images on it, solved from
 * environment.yml against a generated local channel whose packages are named like the real ones.
 */
@Tag("e2e")
class BaseImagesTest {
    @TempDir
    Path tmp;

    @Test
    void everyShippedBaseSpecParses() throws Exception {
        try (Stream<Path> dirs = Files.list(Path.of("base-images"))) {
            List<Path> specs = dirs.filter(Files::isDirectory).sorted().toList();
            assertEquals(5, specs.size(), specs.toString());
            for (Path d : specs) {
                ImageSpec s = ImageSpecParser.read(d);
                EnvironmentSpec env = EnvironmentSpec.read(s.environment());
                assertEquals(List.of("linux-64", "linux-aarch64"), s.platforms(), d.toString());
                assertEquals("/opt/conda", s.prefix());
                List<String> deps =
                        env.dependencies().stream().map(m -> m.name()).toList();
                assertTrue(deps.containsAll(List.of("python", "conda", "pip")), d + ": " + deps);
                assertEquals(d.getFileName().toString().contains("cuda"), deps.contains("cuda-version"), d.toString());
            }
        }
    }

    /** python, conda, pip, cuda-version, cuda-cudart, and pytorch as a cuda and a cpu build (cuda preferred). */
    private Path channel(PackageContents... extra) throws Exception {
        Path ch = tmp.resolve("channel");
        List<PackageContents> all = new ArrayList<>(List.of(extra));
        all.addAll(List.of(
                CondaPackageWriter.builder("python", "3.11.9", "h0_0_cpython")
                        .subdir("linux-64")
                        .file("bin/python3.11", "#!/bin/sh\necho python 3.11.9\n", 0755)
                        .symlink("bin/python", "python3.11")
                        .directory("lib/python3.11/site-packages"),
                CondaPackageWriter.builder("conda", "24.5.0", "py311_0")
                        .subdir("linux-64")
                        .depends("python >=3.11,<3.12")
                        .file("lib/python3.11/site-packages/conda/__init__.py", "__version__ = '24.5.0'\n", 0644)
                        .textPrefix("bin/conda", "#!/bin/sh\necho conda 24.5.0 in " + Fixtures.PH + "\n", 0755),
                CondaPackageWriter.builder("pip", "24.0", "pyhd8ed1ab_0")
                        .noarch("python")
                        .depends("python >=3.8")
                        .file("site-packages/pip/__init__.py", "__version__ = '24.0'\n", 0644),
                CondaPackageWriter.builder("cuda-version", "12.4", "h0_3")
                        .noarch("generic")
                        .constrains("__cuda >=12", "cuda-cudart >=12.4,<12.5"),
                CondaPackageWriter.builder("cuda-cudart", "12.4.127", "h0_2")
                        .subdir("linux-64")
                        .depends("cuda-version >=12.4,<12.5")
                        .file("lib/libcudart.so.12.4.127", new byte[] {0x7f, 'E', 'L', 'F', 1}, 0755)
                        .symlink("lib/libcudart.so.12", "libcudart.so.12.4.127"),
                CondaPackageWriter.builder("pytorch", "2.3.0", "cuda124_py311_1")
                        .buildNumber(1)
                        .subdir("linux-64")
                        .depends("python >=3.11,<3.12", "cuda-cudart >=12.4,<13", "cuda-version >=12.4,<13", "__cuda")
                        .file("bin/torch-info", "#!/bin/sh\necho torch 2.3.0 cuda 12.4 build\n", 0755)
                        .file("lib/python3.11/site-packages/torch/__init__.py", "cuda = True\n", 0644),
                CondaPackageWriter.builder("pytorch", "2.3.0", "cpu_py311_0")
                        .buildNumber(0)
                        .subdir("linux-64")
                        .depends("python >=3.11,<3.12")
                        .file("bin/torch-info", "#!/bin/sh\necho torch 2.3.0 cpu build\n", 0755)
                        .file("lib/python3.11/site-packages/torch/__init__.py", "cuda = False\n", 0644),
                CondaPackageWriter.builder("lightning", "2.2.0", "pyhd8ed1ab_0")
                        .noarch("python")
                        .depends("python >=3.8", "pytorch >=2")
                        .file("site-packages/lightning/__init__.py", "train = True\n", 0644),
                CondaPackageWriter.builder("fastapi", "0.110.0", "pyhd8ed1ab_0")
                        .noarch("python")
                        .depends("python >=3.8")
                        .file("site-packages/fastapi/__init__.py", "serve = True\n", 0644)));
        ChannelWriter.writePackages(ch, ArchiveFormat.CONDA, all);
        return ch;
    }

    /** A busybox-static root whose config declares CUDA 12.4 the way nvidia/cuda images do. */
    private void busyboxCudaBase(Path layout) throws Exception {
        Path bb = tmp.resolve("busybox");
        Files.copy(Path.of("/bin/busybox"), bb);
        Path empty = Files.writeString(tmp.resolve("empty"), "");
        Path passwd = Files.writeString(tmp.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        List<LayerEntry> entries = List.of(
                LayerEntry.file("bin/busybox", 0755, bb, Files.size(bb)),
                new LayerEntry("bin/sh", TreeEntry.Kind.SYMLINK, 0777, "busybox", null, 0),
                LayerEntry.file("etc/passwd", 0644, passwd, Files.size(passwd)),
                LayerEntry.file("tmp/.keep", 0644, empty, 0));
        WrittenLayer w =
                new LayerWriter(Compression.GZIP, 0).write(entries, Files.createDirectories(tmp.resolve("bb")));
        byte[] base = ("{\"config\":{\"Env\":[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","
                        + "\"NVIDIA_REQUIRE_CUDA=cuda>=12.4 brand=tesla,driver>=470\",\"CUDA_VERSION=12.4.1\"]}}")
                .getBytes(StandardCharsets.UTF_8);
        byte[] config = ConfigBuilder.build(
                base,
                Platform.LINUX_64,
                "/opt/none",
                0,
                List.of(new ConfigBuilder.AddedLayer(w.diffId(), "busybox-static", null)),
                Map.of());
        Descriptor cd = new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length);
        ImageBlobs img = Manifests.assemble(
                cd,
                config,
                List.of(new ImageBlobs.Layer(w.descriptor(), () -> Files.newInputStream(w.blob()), null)),
                Map.of());
        new OciLayout(layout).write(img, "cuda");
    }

    private static JsonNode labels(Path layout, String tag) throws Exception {
        return SpecBuildTest.config(layout, tag).path("config").path("Labels");
    }

    private void spec(Path dir, String yaml, String env) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("condock.yaml"), yaml);
        Files.writeString(dir.resolve("environment.yml"), env);
    }

    private Fixtures.Run build(String... args) {
        List<String> a = new ArrayList<>(List.of("build"));
        a.addAll(Arrays.asList(args));
        a.addAll(List.of("--cache", tmp.resolve("cache").toString()));
        Fixtures.Run r = Fixtures.cli(a.toArray(String[]::new));
        assertEquals(0, r.exit(), r.err());
        return r;
    }

    @Test
    void minicondaCudaBaseThenTrainAndInferImages() throws Exception {
        String ch = channel().toUri().toString();
        busyboxCudaBase(tmp.resolve("os"));
        spec(
                tmp.resolve("base"),
                """
                environment: environment.yml
                base: oci:../os:cuda
                prefix: /opt/conda
                env: {LANG: C.UTF-8}
                tags: ["oci:../images:miniconda-py311-cuda124"]
                """,
                "channels: [" + ch + "]\ndependencies: [python=3.11, conda, pip, cuda-version=12.4, cuda-cudart]\n");
        Fixtures.Run b = build(tmp.resolve("base").toString());
        assertTrue(b.err().contains("__cuda=12.4"), b.err());
        Path images = tmp.resolve("images");
        JsonNode bl = labels(images, "miniconda-py311-cuda124");
        assertEquals("/opt/conda", bl.path("dev.condock.prefix").asText());
        assertEquals("3.11", bl.path("dev.condock.python").asText());
        assertEquals("12.4", bl.path("dev.condock.cuda").asText());
        assertEquals(
                "conda-24.5.0-py311_0 cuda-cudart-12.4.127-h0_2 cuda-version-12.4-h0_3 pip-24.0-pyhd8ed1ab_0 "
                        + "python-3.11.9-h0_0_cpython",
                bl.path("dev.condock.packages").asText());

        // a newer python appears in the channel after the base was built: the images keep the base's python
        channel(CondaPackageWriter.builder("python", "3.11.10", "h0_0_cpython")
                .subdir("linux-64")
                .file("bin/python3.11", "#!/bin/sh\necho python 3.11.10\n", 0755));
        String onBase = "base: oci:../images:miniconda-py311-cuda124\n";
        spec(
                tmp.resolve("train"),
                "environment: environment.yml\n" + onBase + "tags: [\"oci:../images:train\"]\n",
                "channels: [" + ch + "]\ndependencies: [python=3.11, pytorch, lightning]\n");
        spec(
                tmp.resolve("infer"),
                "environment: environment.yml\n" + onBase + "tags: [\"oci:../images:infer\"]\n"
                        + "entrypoint: [/opt/conda/bin/torch-info]\n",
                "channels: [" + ch + "]\ndependencies: [python=3.11, pytorch, fastapi]\n");
        Fixtures.Run train = build(tmp.resolve("train").toString());
        build(tmp.resolve("infer").toString());
        // the build machine has no GPU and no CUDA: __cuda came from the base image's config
        assertTrue(train.err().contains("__cuda=12.4"), train.err());
        assertTrue(train.err().contains("(read from labels)"), train.err());
        assertTrue(train.err().contains("kept the base's 5 packages as they are"), train.err());

        JsonNode base = inspect(images, "miniconda-py311-cuda124");
        for (String tag : List.of("train", "infer")) {
            JsonNode img = inspect(images, tag);
            int n = base.path("layers").size();
            for (int i = 0; i < n; i++) {
                assertEquals(
                        base.path("layers").path(i).path("digest"),
                        img.path("layers").path(i).path("digest"),
                        tag + ": base layer " + i + " shared");
            }
            List<String> ours = new ArrayList<>();
            for (int i = n; i < img.path("layers").size(); i++) {
                img.path("layers")
                        .path(i)
                        .path("packages")
                        .forEach(p -> ours.add(p.asText().replaceAll("-[^-]+-[^-]+$", "")));
            }
            assertFalse(
                    ours.contains("python")
                            || ours.contains("conda")
                            || ours.contains("pip")
                            || ours.contains("cuda-cudart"),
                    tag + " re-installed a base package: " + ours);
            assertTrue(ours.contains("pytorch"), ours.toString());
            String pk = labels(images, tag).path("dev.condock.packages").asText();
            assertTrue(pk.contains("pytorch-2.3.0-cuda124_py311_1"), tag + " got the cuda build: " + pk);
            assertTrue(
                    labels(images, tag).path("dev.condock.from-base").asText().contains("python-3.11.9-h0_0_cpython"));
        }
        // both images really run: the base's busybox, the base's conda, and their own pytorch
        for (String tag : List.of("train", "infer")) {
            Path bundle = tmp.resolve("run-" + tag);
            BuildCommandTest.sh(tmp, "umoci", "unpack", "--image", images + ":" + tag, bundle.toString());
            String out = BuildCommandTest.sh(
                    tmp,
                    "chroot",
                    bundle.resolve("rootfs").toString(),
                    "/bin/sh",
                    "-c",
                    "/opt/conda/bin/conda && /opt/conda/bin/torch-info && ls /opt/conda/lib/python3.11/site-packages");
            assertTrue(out.contains("conda 24.5.0 in /opt/conda"), out);
            assertTrue(out.contains("torch 2.3.0 cuda 12.4 build"), out);
            assertTrue(out.contains(tag.equals("train") ? "lightning" : "fastapi"), out);
        }

        if (Podman.available()) {
            Podman podman = Podman.create();
            try {
                for (String tag : List.of("train", "infer")) {
                    Podman.Result pulled = podman.run("pull", "-q", "oci:" + images + ":" + tag);
                    assertEquals(0, pulled.exit(), pulled.output());
                    String id = pulled.output().strip();
                    id = id.substring(id.lastIndexOf('\n') + 1);
                    Podman.Result ran = podman.run(
                            "run", "--rm", "--network=none", "--entrypoint", "/opt/conda/bin/torch-info", id);
                    assertEquals(0, ran.exit(), ran.output());
                    assertTrue(ran.output().contains("torch 2.3.0 cuda 12.4 build"), ran.output());
                }
            } finally {
                podman.close();
            }
        }

        if (Containerd.available()) {
            try (Containerd c = Containerd.start(tmp.resolve("ctrd"))) {
                Podman.Result imported = c.importLayout(images, "condock.test/stack");
                assertEquals(0, imported.exit(), imported.output());
                for (String tag : List.of("train", "infer")) {
                    Podman.Result ran = c.ctr(
                            "run", "--rm", "condock.test/stack:" + tag, "ctr-" + tag, "/opt/conda/bin/torch-info");
                    assertEquals(0, ran.exit(), ran.output());
                    assertTrue(ran.output().contains("torch 2.3.0 cuda 12.4 build"), ran.output());
                }
            }
        }

        // without __cuda (declared away, as a CPU base would have it) the same environment gets the cpu build
        build(tmp.resolve("infer").toString(), "--virtual-package", "__cuda=", "--to", "oci:" + images + ":infer-cpu");
        assertTrue(labels(images, "infer-cpu")
                .path("dev.condock.packages")
                .asText()
                .contains("pytorch-2.3.0-cpu_py311_0"));
    }

    private static JsonNode inspect(Path layout, String tag) throws Exception {
        return Json.CANONICAL.readTree(
                Fixtures.cli("inspect", "oci:" + layout + ":" + tag, "--json").out());
    }
}

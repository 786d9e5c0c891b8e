package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.app.AppFile;
import dev.condock.image.ImageBlobs;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.smoke.SmokeTest;
import dev.condock.spec.ImageSpec;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** App files through whole builds: one layer above the environment's, the only one a code edit changes. */
class AppLayerBuildTest {
    @TempDir
    Path tmp;

    private Path lock() throws Exception {
        PackageContents numpy = CondaPackageWriter.builder("numpy", "1.26.0", "h0_0")
                .subdir("linux-64")
                .file("lib/libnumpy.so", "numpy\n", 0755);
        PackageContents torch = CondaPackageWriter.builder("torch", "2.3.0", "h0_0")
                .subdir("linux-64")
                .file("lib/libtorch.so", "torch\n", 0755);
        return LockFixtures.lock(tmp.resolve("channel"), "train", List.of(numpy, torch));
    }

    private Path project(String code) throws Exception {
        Path d = Files.createDirectories(tmp.resolve("project"));
        Files.createDirectories(d.resolve("src"));
        Files.writeString(d.resolve("src/train.py"), code);
        return d;
    }

    private BuildResult build(Path lock, Path project, String out) throws Exception {
        return new Condock(BuildListener.SILENT)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .files(List.of(AppFile.of(project, "src", "/app", null, List.of(), null, "t")))
                        .to("oci:" + tmp.resolve(out))
                        .build());
    }

    private static List<String> layerDigests(ImageBlobs image) {
        return image.layers().stream().map(l -> l.descriptor().digest()).toList();
    }

    @Test
    void aCodeEditChangesOnlyTheAppLayerWhichIsTopmostAndAnnotated() throws Exception {
        Path lock = lock();
        BuildResult before = build(lock, project("lr = 0.1\n"), "before");
        BuildResult again = build(lock, project("lr = 0.1\n"), "again");
        assertEquals(before.digest(), again.digest(), "same inputs, same image");
        BuildResult after = build(lock, project("lr = 0.2\n"), "after");
        assertNotEquals(before.digest(), after.digest(), "the build cache must not hide a code edit");

        List<String> a = layerDigests(before.image());
        List<String> b = layerDigests(after.image());
        assertEquals(a.size(), b.size());
        assertEquals(a.subList(0, a.size() - 1), b.subList(0, b.size() - 1), "environment layers unchanged");
        assertNotEquals(a.get(a.size() - 1), b.get(b.size() - 1));
        ImageBlobs.Layer top = after.image().layers().get(b.size() - 1);
        assertEquals("app", top.descriptor().annotations().get(Labels.ANNOTATION_LAYER));
        assertEquals(
                "app",
                after.images()
                        .get(0)
                        .layers()
                        .get(after.images().get(0).layers().size() - 1)
                        .name());
        JsonNode history = Json.CANONICAL.readTree(after.image().configBytes()).path("history");
        assertTrue(history.get(history.size() - 1).path("created_by").asText().startsWith("condock: app files"));
    }

    @Test
    void aSpecWithOnlyABaseAndFilesBuildsTheAppOnTheBase() throws Exception {
        Path lock = lock();
        BuildResult base = new Condock(BuildListener.SILENT)
                .build(LockFixtures.request(lock, tmp.resolve("cache"), 2)
                        .to("oci:" + tmp.resolve("base") + ":train")
                        .build());
        Path project = project("print(1)\n");
        Files.writeString(
                project.resolve("condock.yaml"),
                "base: oci:" + tmp.resolve("base") + ":train\n"
                        + "files:\n  - {src: src, dest: /app, owner: '1000:1000'}\ncmd: [python, /app/train.py]\n");
        BuildResult app = new Condock(BuildListener.SILENT)
                .build(BuildRequest.builder()
                        .spec(project)
                        .cacheRoot(tmp.resolve("cache"))
                        .mtime(0)
                        .to("oci:" + tmp.resolve("app"))
                        .build());
        List<String> baseLayers = layerDigests(base.image());
        List<String> appLayers = layerDigests(app.image());
        assertEquals(baseLayers.size() + 1, appLayers.size());
        assertEquals(baseLayers, appLayers.subList(0, baseLayers.size()), "the base's layers as they are");
        JsonNode config = Json.CANONICAL.readTree(app.image().configBytes()).path("config");
        assertEquals("[\"python\",\"/app/train.py\"]", config.path("Cmd").toString());
        assertEquals(
                Json.CANONICAL
                        .readTree(base.image().configBytes())
                        .path("config")
                        .path("Labels")
                        .path(Labels.LABEL_LOCK_SHA256),
                config.path("Labels").path(Labels.LABEL_LOCK_SHA256),
                "the base's environment labels stay: the image holds that environment");
    }

    @Test
    void specTestAndFilesKeys() throws Exception {
        Path project = project("x\n");
        Files.writeString(
                project.resolve("condock.yaml"),
                "lock: l.txt\nfiles:\n  - src: src\n    dest: /app\n"
                        + "    mode: '0755'\n    exclude: ['*.tmp']\n"
                        + "test:\n  - python -c 'import torch'\n  - [python, --version]\n");
        ImageSpec spec = dev.condock.spec.ImageSpecParser.read(project);
        assertEquals(
                List.of(SmokeTest.shell("python -c 'import torch'"), SmokeTest.argv(List.of("python", "--version"))),
                spec.tests());
        assertEquals(
                List.of("/bin/sh", "-c", "python -c 'import torch'"),
                spec.tests().get(0).argv());
        AppFile f = spec.files().get(0);
        assertEquals(0755, f.mode());
        assertEquals(List.of("*.tmp"), f.exclude());
        assertEquals(project.toAbsolutePath().normalize(), f.context());
        assertTrue(f.origin().endsWith("condock.yaml:3"), f.origin());

        Files.writeString(project.resolve("condock.yaml"), "lock: l.txt\nfiles:\n  - src: src\n    dst: /app\n");
        CondockException e = assertThrows(CondockException.class, () -> dev.condock.spec.ImageSpecParser.read(project));
        assertTrue(
                e.getMessage()
                        .endsWith("condock.yaml:4: unknown key 'dst' in files (known: dest, exclude, mode, "
                                + "owner, src)"),
                e.getMessage());
    }

    @Test
    void nothingToBuildStillSaysSoWithoutABaseOrFiles() {
        CondockException e = assertThrows(
                CondockException.class,
                () -> BuildRequest.builder()
                        .cacheRoot(tmp)
                        .to("oci:" + tmp.resolve("x"))
                        .build());
        assertTrue(e.getMessage().startsWith("nothing to build"), e.getMessage());
    }
}

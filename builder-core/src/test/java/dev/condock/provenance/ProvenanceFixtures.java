package dev.condock.provenance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.image.ImageBlobs;
import dev.condock.image.OciTarget;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.util.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A small real channel and a spec directory (condock.yaml + environment.yml) that solves against it. */
public final class ProvenanceFixtures {
    private ProvenanceFixtures() {}

    public static Path channel(Path dir) throws Exception {
        Path ch = dir.resolve("channel");
        ChannelWriter.writePackages(
                ch,
                ArchiveFormat.CONDA,
                List.of(
                        CondaPackageWriter.builder("libzlib", "1.3.1", "h0_0")
                                .subdir("linux-64")
                                .license("Zlib")
                                .file("lib/libz.txt", "z\n", 0644),
                        CondaPackageWriter.builder("numpy", "2.1.0+local", "py_0")
                                .subdir("linux-64")
                                .license("BSD 3-Clause License")
                                .depends("libzlib >=1.3", "__glibc >=2.17")
                                .file("share/numpy.txt", "n\n", 0644),
                        CondaPackageWriter.builder("tool", "0.1", "0")
                                .subdir("linux-64")
                                .license("MIT")
                                .depends("numpy")
                                .file("bin/tool.txt", "t\n", 0644)));
        return ch;
    }

    /** Writes condock.yaml and environment.yml into {@code dir}; returns dir. */
    public static Path spec(Path dir, Path channel) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(
                dir.resolve("environment.yml"),
                "# the team's environment\nname: train\n" + "channels:\n  - " + channel.toUri()
                        + "\ndependencies:\n  - tool  # pulls numpy and libzlib\n");
        Files.writeString(
                dir.resolve("condock.yaml"),
                "environment: environment.yml\nprefix: /opt/env\n" + "labels: {team: ml}\n");
        return dir;
    }

    public static Map<String, byte[]> record(Path ociDir) throws Exception {
        ImageBlobs image = new OciTarget(ociDir, "latest").read();
        return RecordReader.files(RecordReader.recordLayer(image, ociDir.toString()), ociDir.toString());
    }

    public static JsonNode labels(ImageBlobs image) throws Exception {
        return Json.CANONICAL.readTree(image.configBytes()).path("config").path("Labels");
    }
}

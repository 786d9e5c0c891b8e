package dev.condock.cli;

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
import dev.condock.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A busybox-static root (/bin/sh, /etc/passwd, /etc/group) as an OCI layout: a base that runtimes can run. */
final class BusyboxBase {
    private BusyboxBase() {}

    static Path write(Path work, String tag) throws Exception {
        Path files = Files.createDirectories(work.resolve("busybox-files"));
        Path bb = files.resolve("busybox");
        Files.copy(Path.of("/bin/busybox"), bb);
        Path passwd = Files.writeString(files.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Path group = Files.writeString(files.resolve("group"), "root:x:0:\n");
        Path empty = Files.writeString(files.resolve("empty"), "");
        List<LayerEntry> entries = List.of(
                LayerEntry.file("bin/busybox", 0755, bb, Files.size(bb)),
                LayerEntry.symlink("bin/sh", "busybox"),
                LayerEntry.symlink("bin/cat", "busybox"),
                LayerEntry.symlink("bin/test", "busybox"),
                LayerEntry.file("etc/passwd", 0644, passwd, Files.size(passwd)),
                LayerEntry.file("etc/group", 0644, group, Files.size(group)),
                LayerEntry.file("etc/hosts", 0644, empty, 0),
                LayerEntry.file("etc/resolv.conf", 0644, empty, 0),
                LayerEntry.file("tmp/.keep", 0644, empty, 0));
        WrittenLayer w = new LayerWriter(Compression.GZIP, 0)
                .write(entries, Files.createDirectories(work.resolve("busybox-blobs")));
        byte[] config = ConfigBuilder.build(
                "{\"config\":{\"Cmd\":[\"/bin/sh\"]}}".getBytes(),
                Platform.LINUX_64,
                "/opt/conda",
                0,
                List.of(new ConfigBuilder.AddedLayer(w.diffId(), "busybox-static", null)),
                Map.of());
        Descriptor cd = new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(config), config.length);
        ImageBlobs img = Manifests.assemble(
                cd,
                config,
                List.of(new ImageBlobs.Layer(w.descriptor(), () -> Files.newInputStream(w.blob()), null)),
                Map.of());
        Path layout = work.resolve("busybox-oci");
        new OciLayout(layout).write(img, tag);
        return layout;
    }
}

package dev.condock.registry;

import dev.condock.image.Descriptor;
import dev.condock.image.ImageBlobs;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Small OCI images made in test code (tar + gzip by hand), until and besides the real builder: enough to push,
 * pull and run with real consumers.
 */
final class TestImages {
    private TestImages() {}

    /** One layer's entries by path: a file (content, mode), a symlink (target) or a directory (mode). */
    static final class LayerSpec {
        record Entry(byte[] content, String link, int mode) {}

        final TreeMap<String, Entry> entries = new TreeMap<>();

        LayerSpec file(String path, byte[] content) {
            return file(path, content, path.contains("bin/") ? 0755 : 0644);
        }

        LayerSpec file(String path, byte[] content, int mode) {
            entries.put(path, new Entry(content, null, mode));
            return this;
        }

        LayerSpec file(String path, String content) {
            return file(path, content.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        LayerSpec symlink(String path, String target) {
            entries.put(path, new Entry(null, target, 0777));
            return this;
        }

        LayerSpec directory(String path, int mode) {
            entries.put(path, new Entry(null, null, mode));
            return this;
        }

        /** Everything under {@code root} (files, symlinks, directories) with its permission bits. */
        LayerSpec tree(java.nio.file.Path root) throws IOException {
            try (var walk = java.nio.file.Files.walk(root)) {
                for (java.nio.file.Path p : (Iterable<java.nio.file.Path>) walk.sorted()::iterator) {
                    if (p.equals(root)) {
                        continue;
                    }
                    String rel = root.relativize(p).toString();
                    int mode = (Integer) java.nio.file.Files.getAttribute(
                                    p, "unix:mode", java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            & 07777;
                    if (java.nio.file.Files.isSymbolicLink(p)) {
                        symlink(rel, java.nio.file.Files.readSymbolicLink(p).toString());
                    } else if (java.nio.file.Files.isDirectory(p)) {
                        directory(rel, mode);
                    } else if (java.nio.file.Files.isRegularFile(p)) {
                        file(rel, java.nio.file.Files.readAllBytes(p), mode);
                    }
                }
            }
            return this;
        }
    }

    record Layer(Descriptor descriptor, String diffId, byte[] blob) {}

    static Layer layer(LayerSpec spec) throws IOException {
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            java.util.Set<String> dirs = new java.util.TreeSet<>();
            for (String path : spec.entries.keySet()) {
                for (int i = path.indexOf('/'); i > 0; i = path.indexOf('/', i + 1)) {
                    dirs.add(path.substring(0, i));
                }
            }
            TreeMap<String, LayerSpec.Entry> all = new TreeMap<>(spec.entries);
            dirs.forEach(d -> all.putIfAbsent(d, new LayerSpec.Entry(null, null, 0755)));
            for (Map.Entry<String, LayerSpec.Entry> e : all.entrySet()) {
                LayerSpec.Entry v = e.getValue();
                TarArchiveEntry entry;
                if (v.link() != null) {
                    entry = new TarArchiveEntry(e.getKey(), TarArchiveEntry.LF_SYMLINK);
                    entry.setLinkName(v.link());
                    entry.setMode(0120777);
                } else if (v.content() == null) {
                    entry = new TarArchiveEntry(e.getKey() + "/", TarArchiveEntry.LF_DIR);
                    entry.setMode(040000 | v.mode());
                } else {
                    entry = new TarArchiveEntry(e.getKey());
                    entry.setSize(v.content().length);
                    entry.setMode(0100000 | v.mode());
                }
                entry.setModTime(0);
                entry.setIds(0, 0);
                entry.setNames("", "");
                out.putArchiveEntry(entry);
                if (v.content() != null) {
                    out.write(v.content());
                }
                out.closeArchiveEntry();
            }
            out.finish();
        }
        byte[] tarBytes = tar.toByteArray();
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(tarBytes);
        }
        byte[] blob = gz.toByteArray();
        return new Layer(
                new Descriptor(Descriptor.LAYER_GZIP, "sha256:" + Hashing.sha256Hex(blob), blob.length),
                "sha256:" + Hashing.sha256Hex(tarBytes),
                blob);
    }

    /**
     * An image of these layers; {@code remote} layers carry no bytes and name {@code mountFrom} instead (a base
     * image's layers reused by digest).
     */
    static ImageBlobs image(List<Layer> local, List<Layer> remote, String mountFrom, List<String> cmd) {
        List<ImageBlobs.Layer> layers = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        for (Layer l : remote) {
            layers.add(new ImageBlobs.Layer(l.descriptor(), null, mountFrom));
            diffIds.add(l.diffId());
        }
        for (Layer l : local) {
            layers.add(new ImageBlobs.Layer(l.descriptor(), () -> new ByteArrayInputStream(l.blob()), null));
            diffIds.add(l.diffId());
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put(
                "config",
                Map.of(
                        "Env",
                        List.of("PATH=/opt/conda/envs/e2e/bin:/usr/local/bin:/usr/bin:/bin"),
                        "Cmd",
                        cmd,
                        "WorkingDir",
                        "/",
                        "Labels",
                        Map.of("org.example.e2e", "1")));
        config.put("rootfs", Map.of("type", "layers", "diff_ids", diffIds));
        byte[] configBytes = Json.canonicalBytes(config);
        Descriptor configDescriptor =
                new Descriptor(Descriptor.OCI_CONFIG, "sha256:" + Hashing.sha256Hex(configBytes), configBytes.length);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", Descriptor.OCI_MANIFEST);
        manifest.put("config", descriptorJson(configDescriptor));
        manifest.put(
                "layers",
                layers.stream().map(l -> descriptorJson(l.descriptor())).toList());
        byte[] manifestBytes = Json.canonicalBytes(manifest);
        Descriptor manifestDescriptor = new Descriptor(
                Descriptor.OCI_MANIFEST, "sha256:" + Hashing.sha256Hex(manifestBytes), manifestBytes.length);
        return new ImageBlobs(manifestDescriptor, manifestBytes, configDescriptor, configBytes, layers);
    }

    /** The same image in Docker's v2 schema 2 media types (what Docker Hub bases mostly are). */
    static ImageBlobs asDockerV2(ImageBlobs oci) {
        Descriptor config = new Descriptor(
                Descriptor.DOCKER_CONFIG, oci.config().digest(), oci.config().size());
        List<ImageBlobs.Layer> layers = oci.layers().stream()
                .map(l -> new ImageBlobs.Layer(
                        new Descriptor(
                                Descriptor.DOCKER_LAYER_GZIP,
                                l.descriptor().digest(),
                                l.descriptor().size()),
                        l.source(),
                        l.mountFrom()))
                .toList();
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", Descriptor.DOCKER_MANIFEST);
        manifest.put("config", descriptorJson(config));
        manifest.put(
                "layers",
                layers.stream().map(l -> descriptorJson(l.descriptor())).toList());
        byte[] bytes = Json.canonicalBytes(manifest);
        return new ImageBlobs(
                new Descriptor(Descriptor.DOCKER_MANIFEST, "sha256:" + Hashing.sha256Hex(bytes), bytes.length),
                bytes,
                config,
                oci.configBytes(),
                layers);
    }

    private static Map<String, Object> descriptorJson(Descriptor d) {
        return Map.of("mediaType", d.mediaType(), "digest", d.digest(), "size", d.size());
    }

    /** A busybox-static root: /bin/busybox, /bin/sh, /etc/passwd and /etc/group (consumers need them). */
    static LayerSpec busyboxBase() throws IOException {
        byte[] busybox = java.nio.file.Files.readAllBytes(java.nio.file.Path.of("/bin/busybox"));
        return new LayerSpec()
                .file("bin/busybox", busybox)
                .symlink("bin/sh", "busybox")
                .file("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n")
                .file("etc/group", "root:x:0:\n")
                .file("etc/hosts", "")
                .file("etc/resolv.conf", "")
                .file("tmp/.keep", "");
    }

    /** A layer of random bytes: incompressible, for upload counting and interrupting. */
    static LayerSpec random(String path, int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return new LayerSpec().file(path, b);
    }
}

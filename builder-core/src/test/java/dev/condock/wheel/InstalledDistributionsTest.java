package dev.condock.wheel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.model.TreeEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstalledDistributionsTest {
    @TempDir
    Path tmp;

    private TreeEntry file(String path, String content) throws Exception {
        Path p = tmp.resolve(Integer.toString(path.hashCode()));
        Files.writeString(p, content);
        return TreeEntry.file(path, 0644, p, content.length());
    }

    @Test
    void distInfoAndEggInfoOfCondaPackagesCountAsInstalled() throws Exception {
        List<TreeEntry> entries = List.of(
                file(
                        "lib/python3.11/site-packages/NumPy-1.26.4.dist-info/METADATA",
                        "Metadata-Version: 2.1\nName: NumPy\nVersion: 1.26.4\n\nName: not-this\n"),
                file(
                        "lib/python3.11/site-packages/six-1.16.0-py3.11.egg-info/PKG-INFO",
                        "Metadata-Version: 1.1\nName: six\nVersion: 1.16.0\n"),
                file(
                        "lib/python3.11/site-packages/ruamel.yaml-0.17.egg-info",
                        "Metadata-Version: 1.0\nName: ruamel.yaml\nVersion: 0.17.21\n"),
                file("lib/python3.11/site-packages/numpy/__init__.py", "Name: nope\nVersion: 0\n"),
                file("share/doc/x.dist-info/METADATA", "Name: nope\nVersion: 0\n"),
                TreeEntry.directory("lib/python3.11/site-packages/empty.dist-info", 0755));
        assertEquals(
                Map.of("numpy", "1.26.4", "six", "1.16.0", "ruamel-yaml", "0.17.21"),
                InstalledDistributions.of(entries));
    }
}

package dev.condock.wheel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.util.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real wheels from Debian's python3-pip-whl, python3-setuptools-whl and python3-wheel-whl (scripts/test.sh installs
 * them; they are not committed): every member the wheel's RECORD names is installed with the bytes RECORD vouches
 * for, and the installed RECORD names every installed file.
 */
class DebianWheelsTest {
    static final Path DIR = Path.of("/usr/share/python-wheels");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"pip-", "setuptools-", "wheel-"})
    void installsAndMatchesItsRecord(String prefix) throws Exception {
        Path whl = find(prefix);
        Assumptions.assumeTrue(whl != null, "no " + prefix + "*.whl under " + DIR + " (scripts/test.sh installs it)");
        PythonAbi py = new PythonAbi("3.11", false);
        WheelInstaller installer = new WheelInstaller("/opt/conda", py, tmp, 1L << 30);
        InstalledWheel w = installer.install(
                new WheelToInstall(whl.getFileName().toString(), whl, Hashing.sha256Hex(whl), true, null));
        Map<String, TreeEntry> e = WheelInstallerTest.byPath(w);
        String sp = installer.sitePackages() + "/";
        String distInfo = null;
        int checked = 0;
        try (ZipFile zip = new ZipFile(whl.toFile())) {
            for (ZipEntry z : java.util.Collections.list(zip.entries())) {
                if (z.getName().endsWith(".dist-info/RECORD")) {
                    distInfo = z.getName().substring(0, z.getName().length() - "/RECORD".length());
                }
            }
            for (ZipEntry z : java.util.Collections.list(zip.entries())) {
                if (z.isDirectory() || z.getName().equals(distInfo + "/RECORD")) {
                    continue;
                }
                TreeEntry t = e.get(sp + z.getName());
                assertTrue(t != null, "not installed: " + z.getName());
                try (InputStream in = zip.getInputStream(z)) {
                    assertEquals(
                            Hashing.hex(Hashing.sha256().digest(in.readAllBytes())),
                            Hashing.sha256Hex(t.content()),
                            z.getName());
                }
                checked++;
            }
        }
        assertTrue(checked > 20, "only " + checked + " members");
        List<String> record =
                Files.readAllLines(e.get(sp + distInfo + "/RECORD").content());
        assertEquals(e.size(), record.size());
        for (String line : record) {
            String path = line.substring(0, line.indexOf(','));
            String target = path.startsWith("../../../") ? path.substring(9) : sp + path;
            assertTrue(e.containsKey(target), line);
        }
        assertEquals(
                "condock\n",
                Files.readString(e.get(sp + distInfo + "/INSTALLER").content()));
        if (prefix.equals("pip-") || prefix.equals("wheel-")) {
            String cmd = prefix.substring(0, prefix.length() - 1);
            String launcher = Files.readString(e.get("bin/" + cmd).content());
            assertTrue(launcher.startsWith("#!/opt/conda/bin/python3.11\n"), launcher);
            assertEquals(0755, e.get("bin/" + cmd).mode());
        }
    }

    private static Path find(String prefix) throws IOException {
        if (!Files.isDirectory(DIR)) {
            return null;
        }
        try (Stream<Path> s = Files.list(DIR)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)
                            && p.toString().endsWith(".whl"))
                    .findFirst()
                    .orElse(null);
        }
    }
}

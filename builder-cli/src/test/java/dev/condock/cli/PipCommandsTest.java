package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.util.Hashing;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** plan, build, inspect and diff of a lock with pip wheels: their layers and packages carry the pypi: marker. */
class PipCommandsTest {
    @TempDir
    Path tmp;

    /** A minimal real wheel: one module, METADATA, WHEEL and a RECORD with the members' hashes. */
    static Path wheel(Path dir, String dist, String version) throws Exception {
        Map<String, String> members = new LinkedHashMap<>();
        members.put(dist + ".py", "X = '" + version + "'\n");
        String di = dist + "-" + version + ".dist-info/";
        members.put(di + "METADATA", "Metadata-Version: 2.1\nName: " + dist + "\nVersion: " + version + "\n");
        members.put(di + "WHEEL", "Wheel-Version: 1.0\nRoot-Is-Purelib: true\nTag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        for (Map.Entry<String, String> m : members.entrySet()) {
            byte[] b = m.getValue().getBytes(StandardCharsets.UTF_8);
            record.append(m.getKey())
                    .append(",sha256=")
                    .append(Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(MessageDigest.getInstance("SHA-256").digest(b)))
                    .append(',')
                    .append(b.length)
                    .append('\n');
        }
        members.put(di + "RECORD", record + di + "RECORD,,\n");
        Files.createDirectories(dir);
        Path out = dir.resolve(dist + "-" + version + "-py3-none-any.whl");
        try (OutputStream os = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, String> m : members.entrySet()) {
                ZipEntry e = new ZipEntry(m.getKey());
                e.setTime(315532800000L);
                zip.putNextEntry(e);
                zip.write(m.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out;
    }

    private Path lockWith(Path condaLock, String name, String version) throws Exception {
        Path w = wheel(tmp.resolve("wheels-" + version), name, version);
        Path lock = tmp.resolve("pip-" + version + ".lock");
        Files.writeString(
                lock,
                Files.readString(condaLock) + "# pip " + name + " @ " + w.toUri() + "#sha256=" + Hashing.sha256Hex(w)
                        + "\n");
        return lock;
    }

    @Test
    void pipLayersAreMarkedInPlanInspectAndDiff() throws Exception {
        Path conda = Fixtures.channelAndLock(tmp, ArchiveFormat.CONDA);
        Path v1 = lockWith(conda, "tinypip", "1.0");
        Path v2 = lockWith(conda, "tinypip", "2.0");
        String cache = tmp.resolve("cache").toString();
        Fixtures.Run plan = Fixtures.cli("plan", "--lock", v1.toString(), "--cache", cache);
        assertEquals(0, plan.exit(), plan.err());
        assertTrue(plan.out().contains("pypi-group-") && plan.out().contains("pypi:tinypip"), plan.out());
        assertTrue(plan.out().contains("5 packages"), plan.out());

        String img = "oci:" + tmp.resolve("img");
        Fixtures.Run build = Fixtures.cli("build", "--lock", v1.toString(), "--cache", cache, "--to", img);
        assertEquals(0, build.exit(), build.err());
        Fixtures.Run inspect = Fixtures.cli("inspect", img);
        assertEquals(0, inspect.exit(), inspect.err());
        assertTrue(inspect.out().contains("pypi:tinypip-1.0-pypi"), inspect.out());

        Fixtures.Run diff = Fixtures.cli("diff", v1.toString(), v2.toString(), "--cache", cache);
        assertEquals(0, diff.exit(), diff.err());
        assertTrue(diff.out().contains("pypi:tinypip-2.0-pypi"), diff.out());
        // the wheel's layer and the environment layer (it holds the lock copy) change; conda's layers are kept
        // the package section (conda packages) comes first, the layer section from "layers: " on; the record
        // layer changes with the lock too
        assertTrue(diff.out().contains("\nlayers: 4 kept, 3 changed, 0 added"), diff.out());
        assertTrue(diff.out().contains("-pypi:tinypip-1.0-pypi +pypi:tinypip-2.0-pypi"), diff.out());
        // and the package section names the pip upgrade
        String packages = diff.out().substring(0, diff.out().indexOf("\nlayers: "));
        assertTrue(packages.contains("tinypip") && packages.contains("1.0") && packages.contains("2.0"), diff.out());
        Fixtures.Run json = Fixtures.cli("diff", v1.toString(), v2.toString(), "--cache", cache, "--format", "json");
        assertTrue(json.out().contains("\"pip\""), json.out());
    }
}

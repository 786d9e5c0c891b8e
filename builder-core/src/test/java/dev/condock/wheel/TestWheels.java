package dev.condock.wheel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.commons.compress.archivers.zip.UnixStat;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Writes real wheel files for tests: members, a METADATA and WHEEL, and a RECORD generated from the members (or
 * deliberately wrong, for the hostile cases). Fixed zip times, so the same wheel is the same bytes.
 */
public final class TestWheels {
    /** One zip member; {@code recordHash} overrides the computed RECORD hash ("" leaves the member out). */
    record Member(String name, byte[] content, int mode, boolean symlink, String recordHash) {}

    private final String dist;
    private final String version;
    private final String tags;
    private final List<Member> members = new ArrayList<>();
    private final List<String> requires = new ArrayList<>();
    private boolean purelib = true;
    private String entryPoints;

    public TestWheels(String dist, String version, String tags) {
        this.dist = dist;
        this.version = version;
        this.tags = tags;
    }

    public static TestWheels pure(String dist, String version) {
        return new TestWheels(dist, version, "py3-none-any");
    }

    public String filename() {
        return dist + "-" + version + "-" + tags + ".whl";
    }

    public String distInfo() {
        return dist + "-" + version + ".dist-info";
    }

    public String data() {
        return dist + "-" + version + ".data";
    }

    public TestWheels file(String name, String content) {
        return file(name, content.getBytes(StandardCharsets.UTF_8), 0644);
    }

    public TestWheels file(String name, byte[] content, int mode) {
        members.add(new Member(name, content, mode, false, null));
        return this;
    }

    public TestWheels symlink(String name, String target) {
        members.add(new Member(name, target.getBytes(StandardCharsets.UTF_8), 0777, true, null));
        return this;
    }

    /** A member whose RECORD row carries this hash ("" : no RECORD row at all). */
    public TestWheels withRecordHash(String name, String content, String recordHash) {
        members.add(new Member(name, content.getBytes(StandardCharsets.UTF_8), 0644, false, recordHash));
        return this;
    }

    public TestWheels platlib() {
        purelib = false;
        return this;
    }

    public TestWheels requires(String req) {
        requires.add(req);
        return this;
    }

    public TestWheels consoleScript(String command, String target) {
        entryPoints = (entryPoints == null ? "[console_scripts]\n" : entryPoints) + command + " = " + target + "\n";
        return this;
    }

    public Path write(Path dir) throws IOException {
        List<Member> all = new ArrayList<>(members);
        StringBuilder meta = new StringBuilder(
                "Metadata-Version: 2.1\nName: " + dist.replace('_', '-') + "\nVersion: " + version + "\n");
        requires.forEach(r -> meta.append("Requires-Dist: ").append(r).append('\n'));
        all.add(new Member(
                distInfo() + "/METADATA", meta.toString().getBytes(StandardCharsets.UTF_8), 0644, false, null));
        all.add(new Member(
                distInfo() + "/WHEEL",
                ("Wheel-Version: 1.0\nGenerator: condock-tests\nRoot-Is-Purelib: " + purelib + "\nTag: " + tags + "\n")
                        .getBytes(StandardCharsets.UTF_8),
                0644,
                false,
                null));
        if (entryPoints != null) {
            all.add(new Member(
                    distInfo() + "/entry_points.txt", entryPoints.getBytes(StandardCharsets.UTF_8), 0644, false, null));
        }
        StringBuilder record = new StringBuilder();
        for (Member m : all) {
            if ("".equals(m.recordHash())) {
                continue;
            }
            String hash = m.recordHash() != null ? m.recordHash() : "sha256=" + b64sha256(m.content());
            record.append(m.name())
                    .append(',')
                    .append(hash)
                    .append(',')
                    .append(m.content().length)
                    .append('\n');
        }
        record.append(distInfo()).append("/RECORD,,\n");
        all.add(new Member(
                distInfo() + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8), 0644, false, null));
        Files.createDirectories(dir);
        Path out = dir.resolve(filename());
        try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(Files.newOutputStream(out))) {
            for (Member m : all) {
                ZipArchiveEntry e = new ZipArchiveEntry(m.name());
                e.setTime(315532800000L + 86_400_000L);
                e.setUnixMode((m.symlink() ? UnixStat.LINK_FLAG : UnixStat.FILE_FLAG) | m.mode());
                zip.putArchiveEntry(e);
                zip.write(m.content());
                zip.closeArchiveEntry();
            }
        }
        return out;
    }

    public static String b64sha256(byte[] b) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

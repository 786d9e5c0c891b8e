package dev.condock.install;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.condock.model.PackageRecord;
import dev.condock.testkit.Scratch;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fuzz target for the archive reader and the installer behind it: the input's first byte picks the format, the
 * rest is the archive. Only a {@link CondockException} may come out. Seeds are real small packages.
 */
class ArchiveFuzzTest {
    private static final Path DIR;

    static {
        try {
            DIR = Scratch.dir("condock-archive-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void archive(byte[] data) throws IOException {
        if (data.length == 0) return;
        String fn = (data[0] & 1) == 0 ? "p-1-0.conda" : "p-1-0.tar.bz2";
        Path archive = DIR.resolve(fn);
        Files.write(archive, java.util.Arrays.copyOfRange(data, 1, data.length));
        Path work = DIR.resolve("work");
        dev.condock.util.FileTrees.delete(work);
        try {
            // what PackageInstaller.install does, with the record taken from the archive's own index.json so
            // the linker (paths.json, has_prefix, links, noarch) runs on every input that reads
            ExtractedPackage ex = new ArchiveReader("p-1-0", archive, work.resolve("raw"), 64L << 20).read();
            JsonNode index = Json.CANONICAL.readTree(ex.info().get("info/index.json"));
            if (index == null) return;
            PackageRecord r = PackageRecord.builder(
                            index.path("name").asText("p"),
                            index.path("version").asText("1"),
                            index.path("build").asText("0"))
                    .fn(fn)
                    .subdir("linux-64")
                    .build();
            PackageInstaller.checkedDist(r);
            new PackageLinker(r, ex, Fixtures.options(DIR), work, null).link();
        } catch (CondockException | JsonProcessingException e) {
            // refused with a reason (index.json that is not JSON is refused by the linker's own check)
        }
    }
}

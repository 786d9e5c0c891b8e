package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.image.ImageBlobs;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.util.Json;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image's created time: the newest package timestamp, unless a fixed mtime (SOURCE_DATE_EPOCH) is set. */
class CreatedTimeTest {
    @TempDir
    Path tmp;

    static PackageContents pkg(String name, long millis) {
        return CondaPackageWriter.builder(name, "1.0", "0")
                .subdir("linux-64")
                .timestamp(millis)
                .file("share/" + name, name + "\n", 0644);
    }

    static String created(ImageBlobs image) throws Exception {
        return Json.CANONICAL.readTree(image.configBytes()).path("created").asText();
    }

    @Test
    void newestPackageTimestampUnlessAnMtimeIsSet() throws Exception {
        // 2024-03-01T12:00:00Z is the newer; 2021 the older
        Path lock = LockFixtures.lock(
                tmp.resolve("ch"), "a", List.of(pkg("old", 1609459200000L), pkg("new", 1709294400000L)));
        ImageBlobs image = new Condock(BuildListener.SILENT)
                .image(LockFixtures.request(lock, tmp.resolve("c"), 2).build())
                .image();
        assertEquals("2024-03-01T12:00:00Z", created(image));
        ImageBlobs fixed = new Condock(BuildListener.SILENT)
                .image(LockFixtures.request(lock, tmp.resolve("c"), 2)
                        .mtime(1700000000)
                        .build())
                .image();
        assertEquals("2023-11-14T22:13:20Z", created(fixed));

        // no clock: the same lock in a fresh cache with other threads is the same image
        ImageBlobs again = new Condock(BuildListener.SILENT)
                .image(LockFixtures.request(lock, tmp.resolve("c2"), 1).build())
                .image();
        assertEquals(image.manifest().digest(), again.manifest().digest(), "same inputs, same image");
    }
}

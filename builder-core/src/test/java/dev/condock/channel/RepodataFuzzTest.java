package dev.condock.channel;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import dev.condock.version.VersionOrder;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

/**
 * Fuzz targets for repodata: one record (the input placed where a record goes) and a whole file. Only a
 * {@link CondockException} may come out, and every record that is kept must be usable by the solver (its version
 * and its depends/constrains parse): malformed ones are skipped, never handed on.
 */
class RepodataFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void record(byte[] data) {
        String json = "{\"packages\": {\"a-1-0.tar.bz2\": " + new String(data, StandardCharsets.UTF_8) + "}}";
        parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @FuzzTest(maxDuration = "2m")
    void repodataFile(byte[] data) {
        parse(data);
    }

    private static void parse(byte[] data) {
        RepodataParser.Subdir sd;
        try {
            sd = RepodataParser.parse(
                    new ByteArrayInputStream(data),
                    "repodata.json",
                    "linux-64",
                    "https://example.invalid/c/linux-64/",
                    "https://example.invalid/c");
        } catch (CondockException e) {
            return;
        }
        for (PackageRecord r : sd.records()) {
            VersionOrder.parse(r.version());
            r.depends().forEach(MatchSpec::parse);
            r.constrains().forEach(MatchSpec::parse);
        }
    }
}

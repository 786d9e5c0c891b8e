package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The streamed conda-meta record is byte for byte the one the whole-tree version wrote (digests stay). */
class PrefixRecordJsonTest {
    @Test
    void streamedBytesEqualTheWholeTreeBytes() {
        PackageRecord r = PackageRecord.builder("foo", "1.0", "h0_1")
                .subdir("linux-64")
                .fn("foo-1.0-h0_1.conda")
                .url("https://conda.example/c/linux-64/foo-1.0-h0_1.conda")
                .channel("https://conda.example/c")
                .md5("a".repeat(32))
                .sha256("b".repeat(64))
                .depends(List.of("libz >=1.2", "python 3.11.*"))
                .build();
        byte[] index = ("{\"name\":\"foo\",\"version\":\"1.0\",\"build\":\"h0_1\",\"arch\":\"x86_64\","
                        + "\"platform\":\"linux\",\"constrains\":[\"bar <2\"],\"nested\":{\"z\":1,\"a\":[1,2,{\"k\":\"v\"}]},"
                        + "\"files\":[\"stale\"],\"timestamp\":123}")
                .getBytes(StandardCharsets.UTF_8);
        List<String> files = new ArrayList<>();
        List<Map<String, Object>> paths = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String p = "lib/f" + i + (i % 7 == 0 ? "\u00e9\"q" : "");
            files.add(p);
            Map<String, Object> pd = new LinkedHashMap<>();
            pd.put("_path", p);
            pd.put("path_type", i % 5 == 0 ? "softlink" : "hardlink");
            pd.put("sha256", "c".repeat(64));
            pd.put("size_in_bytes", (long) i * 1000);
            if (i % 3 == 0) {
                pd.put("prefix_placeholder", "/opt/anaconda1anaconda2anaconda3");
                pd.put("file_mode", "text");
            }
            pd.put("sha256_in_prefix", "d".repeat(64));
            paths.add(pd);
        }
        for (String spec : new String[] {null, "foo >=1"}) {
            byte[] legacy = LegacyPrefixRecordJson.build(r, index, spec, files, paths, "/opt/conda");
            byte[] streamed = PrefixRecordJson.build(r, index, spec, files, paths, "/opt/conda");
            assertArrayEquals(legacy, streamed, new String(streamed, StandardCharsets.UTF_8));
            assertTrue(new String(streamed, StandardCharsets.UTF_8).contains("\"paths_version\" : 1"));
        }
        byte[] empty =
                PrefixRecordJson.build(r, "{}".getBytes(StandardCharsets.UTF_8), null, List.of(), List.of(), "/p");
        assertArrayEquals(
                LegacyPrefixRecordJson.build(
                        r, "{}".getBytes(StandardCharsets.UTF_8), null, List.of(), List.of(), "/p"),
                empty);
    }
}

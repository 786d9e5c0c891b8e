package dev.condock.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class PackageRecordTest {
    @Test
    void unsetFieldsAreUnknown() {
        PackageRecord r = PackageRecord.of("zlib", "1.3", "h0_0");
        assertEquals(-1, r.buildNumber());
        assertEquals(-1, r.size());
        assertEquals(-1, r.timestamp());
        assertNull(r.subdir());
        assertNull(r.sha256());
        assertEquals(List.of(), r.depends());
        assertEquals(List.of(), r.trackFeatures());
        assertEquals(r, PackageRecord.builder("zlib", "1.3", "h0_0").build());
    }

    @Test
    void toBuilderKeepsEveryFieldButThoseSet() {
        PackageRecord r = PackageRecord.builder("numpy", "1.26.4", "py311_0")
                .buildNumber(3)
                .subdir("linux-64")
                .fn("numpy-1.26.4-py311_0.conda")
                .url("https://c.example/linux-64/numpy-1.26.4-py311_0.conda")
                .channel("https://c.example")
                .md5("a".repeat(32))
                .sha256("b".repeat(64))
                .size(42)
                .timestamp(7)
                .depends(List.of("python >=3.11"))
                .constrains(List.of("scipy <2"))
                .noarch(null)
                .license("BSD")
                .trackFeatures(List.of("mkl"))
                .features("blas")
                .build();
        assertEquals(r, r.toBuilder().build());
        PackageRecord moved =
                r.toBuilder().url("https://mirror.example/n.conda").size(43).build();
        assertEquals("https://mirror.example/n.conda", moved.url());
        assertEquals(43, moved.size());
        assertEquals(r.sha256(), moved.sha256());
        assertEquals(r.depends(), moved.depends());
        assertEquals("blas", moved.features());
        assertEquals(r, moved.toBuilder().url(r.url()).size(42).build());
    }

    @Test
    void nameVersionAndBuildAreRequired() {
        assertThrows(
                NullPointerException.class,
                () -> PackageRecord.builder("x", null, "0").build());
    }
}

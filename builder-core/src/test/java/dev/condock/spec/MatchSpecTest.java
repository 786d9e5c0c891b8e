package dev.condock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PackageRecord;
import org.junit.jupiter.api.Test;

class MatchSpecTest {
    private static PackageRecord rec(String name, String version, String build, long bn) {
        return PackageRecord.builder(name, version, build)
                .buildNumber(bn)
                .subdir("linux-64")
                .build();
    }

    @Test
    void parsesCondaForms() {
        MatchSpec a = MatchSpec.parse("pytorch::pytorch=2.0.1");
        assertEquals("pytorch", a.channel());
        assertEquals("pytorch", a.name());
        assertTrue(a.matches(rec("pytorch", "2.0.1", "py310_0", 0)));
        assertTrue(a.matches(rec("pytorch", "2.0.1.post1", "py310_0", 0)));
        MatchSpec b = MatchSpec.parse("numpy[version='>=1.24',build=py310*]");
        assertTrue(b.matches(rec("numpy", "1.24.3", "py310h1", 0)));
        assertFalse(b.matches(rec("numpy", "1.24.3", "py311h1", 0)));
        assertFalse(b.matches(rec("numpy", "1.23", "py310h1", 0)));
        MatchSpec c = MatchSpec.parse("conda-forge/linux-64::pkg");
        assertEquals("conda-forge", c.channel());
        assertEquals("linux-64", c.subdir());
        MatchSpec d = MatchSpec.parse("pandas=0.11.0=np16py27_1");
        assertEquals("np16py27_1", d.buildGlob());
        assertTrue(d.matches(rec("pandas", "0.11.0", "np16py27_1", 1)));
        MatchSpec e = MatchSpec.parse("pandas 0.12.0 np16py27_0");
        assertEquals("np16py27_0", e.buildGlob());
        MatchSpec f = MatchSpec.parse("python>=3.10,<3.12");
        assertNull(f.buildGlob());
        assertTrue(f.matches(rec("python", "3.11.2", "h1", 0)));
        assertFalse(f.matches(rec("python", "3.12.0", "h1", 0)));
        assertTrue(MatchSpec.parse("openssl 1.0.1*").matches(rec("openssl", "1.0.1c", "0", 0)));
        assertTrue(MatchSpec.parse("numpy=1.24.*").matches(rec("numpy", "1.24.3", "0", 0)));
        assertFalse(MatchSpec.parse("scikit-learn=1.3.0").matches(rec("scikit-learn", "1.3.1", "0", 0)));
        assertTrue(MatchSpec.parse("numpy[version=*,build=*py27*]").matches(rec("numpy", "1.7", "py27_0", 0)));
        assertTrue(MatchSpec.parse("foo[build_number='>=2']").matches(rec("foo", "1", "x", 3)));
        assertFalse(MatchSpec.parse("foo[build_number='>=2']").matches(rec("foo", "1", "x", 1)));
        assertTrue(MatchSpec.parse("numpy==1.6").matches(rec("numpy", "1.6.0", "0", 0)));
        assertFalse(MatchSpec.parse("numpy==1.6").matches(rec("numpy", "1.6.2", "0", 0)));
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(IllegalArgumentException.class, () -> MatchSpec.parse(">=1.0"));
        assertThrows(IllegalArgumentException.class, () -> MatchSpec.parse("numpy>>1"));
        assertThrows(IllegalArgumentException.class, () -> MatchSpec.parse("numpy[color=red]"));
        assertThrows(IllegalArgumentException.class, () -> MatchSpec.parse("numpy=="));
    }
}

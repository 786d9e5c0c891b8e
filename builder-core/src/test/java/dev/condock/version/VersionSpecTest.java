package dev.condock.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class VersionSpecTest {
    private static boolean m(String spec, String version) {
        return VersionSpec.parse(spec).matches(VersionOrder.parse(version));
    }

    @Test
    void relationsGlobsAndLogic() {
        assertEquals(true, m("1.0.1*", "1.0.1c"));
        assertEquals(true, m("9*", "9b"));
        assertEquals(true, m("1.7*", "1.7.1"));
        assertEquals(false, m("1.7*", "1.8"));
        assertEquals(true, m("1.2.*", "1.2"));
        assertEquals(true, m("==1.2", "1.2.0"));
        assertEquals(false, m("==1.2", "1.2.1"));
        assertEquals(true, m("!=1.2", "1.2.1"));
        assertEquals(false, m("!=1.2.*", "1.2.1"));
        assertEquals(true, m("!=1.2.*", "1.3"));
        assertEquals(true, m("~=2.2", "2.5"));
        assertEquals(false, m("~=2.2", "3.0"));
        assertEquals(false, m("~=2.2.1", "2.3"));
        assertEquals(true, m(">=3.10,<3.12", "3.11.4"));
        assertEquals(false, m(">=3.10,<3.12", "3.12.0"));
        assertEquals(true, m("1.0|>=2,<3", "2.5"));
        assertEquals(true, m("(1.0|2.0),!=2.0", "1.0"));
        assertEquals(false, m("(1.0|2.0),!=2.0", "2.0"));
        assertEquals(true, m("=1.2", "1.2.5"));
        assertEquals(true, m("1.*.3", "1.2.3"));
        assertEquals(true, m("*", "0.0"));
        assertEquals(true, m("1!2.0", "1!2.0"));
        assertEquals(false, m("2.0", "1!2.0"));
        assertEquals(true, m(">1.0+local", "1.0+local.1"));
    }

    @Test
    void rejectsBadSpecs() {
        assertThrows(InvalidVersionException.class, () -> VersionSpec.parse("~=1.*"));
        assertThrows(InvalidVersionException.class, () -> VersionSpec.parse(">>1"));
        assertThrows(InvalidVersionException.class, () -> VersionSpec.parse("(1.0"));
        assertThrows(InvalidVersionException.class, () -> VersionSpec.parse(""));
    }
}

package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MarkersAndRequirementsTest {
    static final PipTarget ARM310 = new PipTarget("3.10", "cp", "linux-aarch64", "2.28");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "python_version < \"3.11\"|true",
                "python_version >= '3.10' and platform_machine == 'aarch64'|true",
                "platform_machine == 'x86_64'|false",
                "sys_platform == 'win32' or os_name == 'posix'|true",
                "python_full_version >= '3.10.0'|true",
                "implementation_name == 'cpython'|true",
                "platform_system != 'Linux'|false",
                "'linux' in sys_platform|true",
                "'arm' not in platform_machine|true",
                "(python_version == '3.9' or python_version == '3.10') and extra == 'gpu'|false",
                "python_version > '3.9'|true",
                "platform_python_implementation == 'PyPy'|false"
            })
    void markersForTheTargetNotTheHost(String marker, boolean expected) {
        assertEquals(expected, Markers.parse(marker).eval(Markers.environment(ARM310, "")), marker);
    }

    @Test
    void extraComparesNormalized() {
        assertTrue(Markers.parse("extra == 'Foo_Bar'").eval(Markers.environment(ARM310, "foo-bar")));
    }

    @Test
    void parsesPep508() throws CondockException {
        PipRequirement r =
                PipRequirement.parse("Torch_Vision[CUDA, extra2] (>=0.15, <0.17) ; python_version >= \"3.8\"");
        assertEquals("torch-vision", r.name());
        assertEquals(List.of("cuda", "extra2"), r.extras());
        assertEquals(">=0.15,<0.17", r.specifier());
        assertEquals("python_version >= \"3.8\"", r.marker());
        assertNull(r.url());
        PipRequirement d = PipRequirement.parse(
                "pkg @ https://example.org/pkg-1.0-py3-none-any.whl#sha256=ab ; os_name == 'posix'");
        assertEquals("https://example.org/pkg-1.0-py3-none-any.whl#sha256=ab", d.url());
        assertEquals("os_name == 'posix'", d.marker());
    }

    @Test
    void badRequirementsNameTheLine() {
        CondockException e = assertThrows(CondockException.class, () -> PipRequirement.parse("numpy >= 1.0 <2"));
        assertTrue(e.getMessage().contains("numpy >= 1.0 <2"), e.getMessage());
        assertEquals(CondockException.USER_ERROR, e.exitCode());
        assertThrows(CondockException.class, () -> PipRequirement.parse("numpy; bogus_var == '1'"));
        assertThrows(CondockException.class, () -> PipRequirement.parse("numpy[ok"));
    }

    @Test
    void wheelTagsInPipOrder() {
        List<String> t = WheelTags.forTarget(new PipTarget("3.11", "cp", "linux-64", "2.28"))
                .ordered();
        assertEquals("cp311-cp311-manylinux_2_28_x86_64", t.get(0));
        assertTrue(t.indexOf("cp311-cp311-manylinux_2_17_x86_64") < t.indexOf("cp311-cp311-manylinux2014_x86_64"));
        assertTrue(t.indexOf("cp311-cp311-manylinux2014_x86_64") < t.indexOf("cp311-cp311-manylinux_2_16_x86_64"));
        assertTrue(t.indexOf("cp311-cp311-manylinux1_x86_64") < t.indexOf("cp311-cp311-linux_x86_64"));
        assertTrue(t.indexOf("cp311-cp311-linux_x86_64") < t.indexOf("cp311-abi3-manylinux_2_28_x86_64"));
        assertTrue(t.indexOf("cp311-none-linux_x86_64") < t.indexOf("cp310-abi3-manylinux_2_28_x86_64"));
        assertTrue(t.indexOf("cp32-abi3-linux_x86_64") < t.indexOf("py311-none-manylinux_2_28_x86_64"));
        assertEquals("py30-none-any", t.get(t.size() - 1));
        assertTrue(t.indexOf("cp311-none-any") < t.indexOf("py3-none-any"));
        assertTrue(!t.contains("cp311-cp311-manylinux_2_29_x86_64") && !t.contains("cp312-abi3-manylinux_2_17_x86_64"));
        List<String> arm = WheelTags.forTarget(ARM310).ordered();
        assertTrue(arm.contains("cp310-cp310-manylinux2014_aarch64")
                && !arm.contains("cp310-cp310-manylinux_2_16_aarch64"));
        WheelTags.WheelName w =
                WheelTags.parse("numpy-1.26.4-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl");
        assertEquals("numpy", w.name());
        assertEquals(2, w.tags().size());
    }
}

package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class PrefixReplacerTest {
    private static String text(String in, String placeholder, String prefix) {
        return new String(
                PrefixReplacer.text(in.getBytes(StandardCharsets.UTF_8), placeholder, prefix), StandardCharsets.UTF_8);
    }

    private static byte[] bin(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void longPrefixShebangMatchesRattlerSnapshot() throws Exception {
        // rattler's link.rs test: placeholder /this/is/placeholder, prefix "/super/long/" x100 + "target/prefix"
        String snap = Files.readString(Fixtures.SHARED.resolve(
                "expectations/rattler-install-snapshots/link__test__replace_long_prefix_in_text_file.snap"));
        String expected = snap.substring(snap.indexOf("---", 3) + 4);
        String input = "#!/this/is/placeholder/executable -m 123123\n\n# just a comment\n\nimport sys\nimport re\n\n"
                + "main(...)\n";
        String got = text(input, "/this/is/placeholder", "/super/long/".repeat(100) + "target/prefix");
        assertEquals(expected.strip(), got.strip());
    }

    @Test
    void aHugeShebangDoesNotOverflowTheStack() {
        // the interpreter path keeps its escaped spaces; 200k characters once overflowed the regex's stack
        String path = "/ph/" + "d\\ ir/".repeat(20) + "x".repeat(200_000) + "/python";
        String got = new String(
                PrefixReplacer.text(
                        ("#!" + path + " -u\nbody\n").getBytes(StandardCharsets.UTF_8), "/ph", "/opt/conda"),
                StandardCharsets.UTF_8);
        assertEquals("#!/usr/bin/env python -u\nbody\n", got);
    }

    @Test
    void shebangAtTheLimitStaysAndOnePastItIsRewritten() {
        String ph = "/ph";
        String exactly127 = "/" + "p".repeat(127 - "#!".length() - "/bin/python".length() - 1);
        assertEquals(127, ("#!" + exactly127 + "/bin/python").length());
        assertEquals("#!" + exactly127 + "/bin/python\nx\n", text("#!/ph/bin/python\nx\n", ph, exactly127));
        assertEquals("#!/usr/bin/env python\nx\n", text("#!/ph/bin/python\nx\n", ph, exactly127 + "q"));
    }

    @Test
    void aSpaceInThePrefixMakesTheShebangUseEnv() {
        assertEquals(
                "#!/usr/bin/env python3 -E\nprint('/opt/my env')\n",
                text("#!/ph/bin/python3 -E\nprint('/ph')\n", "/ph", "/opt/my env"));
    }

    @Test
    void utf16TextIsReplacedToo() {
        byte[] in = "x=/ph;".getBytes(StandardCharsets.UTF_16LE);
        byte[] out = PrefixReplacer.text(in, "/ph", "/opt/conda");
        assertEquals("x=/opt/conda;", new String(out, StandardCharsets.UTF_16LE));
    }

    @Test
    void binaryStringWithoutTerminatorIsLeftAlone() throws Exception {
        byte[] in = bin("abc/placeholder/lib");
        assertArrayEquals(in, PrefixReplacer.binary(in, "/placeholder", "/p"));
    }

    @Test
    void binaryReplacesEachStringSeparately() throws Exception {
        byte[] out = PrefixReplacer.binary(bin("\0/placeholder/a\0mid\0x:/placeholder/b\0"), "/placeholder", "/p");
        assertArrayEquals(bin("\0/p/a\0\0\0\0\0\0\0\0\0\0\0mid\0x:/p/b\0\0\0\0\0\0\0\0\0\0\0"), out);
    }

    @Test
    void binaryWithAnEqualLengthPrefixNeedsNoPadding() throws Exception {
        assertArrayEquals(bin("/opt/xyz/lib\0"), PrefixReplacer.binary(bin("/ph/ph/a/lib\0"), "/ph/ph/a", "/opt/xyz"));
    }

    @Test
    void binaryWithALongerPrefixFails() {
        assertThrows(
                PrefixReplacer.TooLongException.class,
                () -> PrefixReplacer.binary(bin("/ph/lib\0"), "/ph", "/opt/conda"));
    }

    @Test
    void entryPointShebangForAPrefixWithSpacesIsThePolyglot() {
        // conda's generate_shebang_for_entry_point, as rattler's replace_python_shebang snapshot shows it
        assertEquals(
                "#!/bin/sh\n'''exec' \"/new/prefix/with spaces/bin/python3.12\" \"$0\" \"$@\" #'''\n",
                NoarchPython.shebang("/new/prefix/with spaces/bin/python3.12"));
        assertEquals("#!/opt/conda/bin/python3.12\n", NoarchPython.shebang("/opt/conda/bin/python3.12"));
    }
}

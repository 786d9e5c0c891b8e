package dev.condock.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class VersionOrderTest {
    static final Path GOLDEN = Path.of("../shared/conda-testdata/versions/rattler-parsed_versions.txt");

    @Test
    void parsesAllGoldenVersionsLikeConda() throws Exception {
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(GOLDEN)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            int eq = line.indexOf("=[");
            String v = line.substring(0, eq);
            String expected = line.substring(eq + 1);
            n++;
            String got = VersionOrder.parse(v).toPythonRepr();
            if (!got.equals(expected)) wrong.add(v + " -> " + got + " expected " + expected);
        }
        assertTrue(n > 28000, "golden file read: " + n);
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())));
    }

    @Test
    void goldenVersionsSortConsistently() throws Exception {
        List<VersionOrder> all = new ArrayList<>();
        for (String line : Files.readAllLines(GOLDEN)) {
            if (line.startsWith("#") || line.isBlank()) continue;
            all.add(VersionOrder.parse(line.substring(0, line.indexOf("=["))));
        }
        all.sort(null); // TimSort throws on an inconsistent comparator
        for (int i = 1; i < all.size(); i++) assertTrue(all.get(i - 1).compareTo(all.get(i)) <= 0);
    }

    private static VersionOrder v(String s) {
        return VersionOrder.parse(s);
    }

    @Test
    void ordersLikeCondaDocs() {
        String[] ordered = {
            "0.4",
            "0.4.0",
            "0.4.1.rc",
            "0.4.1.RC",
            "0.4.1",
            "0.5a1",
            "0.5b3",
            "0.5C1",
            "0.5",
            "0.9.6",
            "0.960923",
            "1.0",
            "1.1dev1",
            "1.1_",
            "1.1a1",
            "1.1.0dev1",
            "1.1.dev1",
            "1.1.a1",
            "1.1.0rc1",
            "1.1.0",
            "1.1.0post1",
            "1.1post1",
            "1996.07.12",
            "1!0.4.1",
            "1!3.1.1.6",
            "2!0.4.1"
        };
        for (int i = 1; i < ordered.length; i++) {
            int c = v(ordered[i - 1]).compareTo(v(ordered[i]));
            assertTrue(c <= 0, ordered[i - 1] + " <= " + ordered[i]);
        }
        assertEquals(0, v("0.4").compareTo(v("0.4.0")));
        assertEquals(0, v("0.4.1.rc").compareTo(v("0.4.1.RC")));
        assertTrue(v("1.0+local.2").compareTo(v("1.0+local.10")) < 0);
        assertTrue(v("1.0").compareTo(v("1.0+1")) < 0);
    }

    @Test
    void startsWithComparesLastComponentPrefix() {
        assertTrue(v("1.0.1c").startsWith(v("1.0.1")));
        assertTrue(v("9b").startsWith(v("9")));
        assertTrue(v("1.2.3").startsWith(v("1.2")));
        assertFalse(v("1.20").startsWith(v("1.2")));
        assertFalse(v("1.3").startsWith(v("1.2")));
    }

    @Test
    void rejectsInvalid() {
        assertThrows(InvalidVersionException.class, () -> v(""));
        assertThrows(InvalidVersionException.class, () -> v("1.0$"));
        assertThrows(InvalidVersionException.class, () -> v("a!1"));
        assertThrows(InvalidVersionException.class, () -> v("1+2+3"));
        assertThrows(InvalidVersionException.class, () -> v("1..2"));
    }
}

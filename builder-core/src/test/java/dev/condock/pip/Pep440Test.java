package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pep440Test {
    @Test
    void ordersLikePackaging() {
        // packaging's documented order, shuffled then sorted
        List<String> expected = List.of(
                "1.0.dev0",
                "1.0a1.dev1",
                "1.0a1",
                "1.0a2",
                "1.0b1",
                "1.0rc1",
                "1.0",
                "1.0+abc",
                "1.0+5",
                "1.0.post1.dev0",
                "1.0.post1",
                "1.1.dev1",
                "1.1",
                "2.0",
                "1!0.1");
        List<Pep440Version> vs = new ArrayList<>();
        for (String s : expected) vs.add(Pep440Version.parse(s));
        Collections.reverse(vs);
        Collections.sort(vs);
        List<String> got = new ArrayList<>();
        for (Pep440Version v : vs) got.add(v.toString());
        assertEquals(expected, got);
    }

    @ParameterizedTest
    @CsvSource({
        "1.0-1,1.0.post1",
        "1.0alpha1,1.0a1",
        "1.0.PREVIEW.2,1.0rc2",
        "v1.0,1.0",
        "1.0-r4,1.0.post4",
        "1.0.dev,1.0.dev0",
        "1.0+Ubuntu-1,1.0+ubuntu.1",
        "01.02,1.2",
        "1.0c1,1.0rc1"
    })
    void normalizes(String in, String out) {
        assertEquals(out, Pep440Version.parse(in).toString());
    }

    @Test
    void equalityIgnoresTrailingZeros() {
        assertEquals(Pep440Version.parse("1.0"), Pep440Version.parse("1.0.0"));
        assertEquals(
                Pep440Version.parse("1.0").hashCode(),
                Pep440Version.parse("1.0.0").hashCode());
        assertNull(Pep440Version.tryParse("1.0-foo-bar"));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "~=2.2|2.3|true",
                "~=2.2|3.0|false",
                "~=1.4.5|1.4.9|true",
                "~=1.4.5|1.5.0|false",
                "~=2.2.post3|2.2.post4|true",
                "==1.1.*|1.1.0rc1|true",
                "==1.1.*|1.10|false",
                "!=1.1.*|1.2|true",
                "!=1.1.*|1.1.5|false",
                "==1.1|1.1.0|true",
                "==1.1|1.1+local|true",
                "==1.1+local|1.1|false",
                "==1!1.0|1.0|false",
                "===1.0|1.0|true",
                "===1.0|1.0.0|false",
                ">1.7|1.7.1|true",
                ">1.7|1.7.post2|false",
                ">1.7.post2|1.7.post3|true",
                ">1.7|1.7+local|false",
                "<1.7|1.7rc1|false",
                "<1.7rc2|1.7rc1|true",
                "<1.7|1.6|true",
                ">=1.0|1.0+cpu|true",
                "<=1.0|1.0.post1|false",
                "==2.*|2.0.dev1|true",
                "==1.0.*|1.0rc1|true"
            })
    void specifiers(String spec, String version, boolean matches) {
        Pep440Specifier s = Pep440Specifier.tryParse(spec);
        assertNotNull(s, spec);
        assertEquals(matches, s.matches(Pep440Version.parse(version), version), spec + " vs " + version);
    }

    @Test
    void prereleasesOnlyWhenNamed() {
        SpecifierSet plain = SpecifierSet.tryParse(">=1.0");
        assertFalse(plain.contains(Pep440Version.parse("2.0rc1"), "2.0rc1"));
        assertTrue(SpecifierSet.tryParse(">=1.0,<=2.0rc1").contains(Pep440Version.parse("2.0rc1"), "2.0rc1"));
        assertFalse(SpecifierSet.tryParse(">1.0rc1").namesPrerelease()); // '>' does not admit them, as in packaging
        assertNull(SpecifierSet.tryParse(">=1.*"));
        assertNull(SpecifierSet.tryParse("~=1"));
        assertNull(SpecifierSet.tryParse(">=1.0+local"));
    }
}

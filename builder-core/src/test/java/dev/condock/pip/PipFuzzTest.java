package dev.condock.pip;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz targets for pip's parsers (issue 14): PEP 508 requirements with their markers, PEP 440 versions and
 * specifiers, wheel METADATA and the simple-index pages (PEP 503 HTML, PEP 691 JSON). Under {@code mvn test} they
 * replay the seeds in {@code PipFuzzTestInputs/<method>/}; {@code scripts/fuzz.sh} fuzzes them. Refusals are a
 * {@link CondockException} (a requirement), null from {@code tryParse} (versions, specifiers),
 * IllegalArgumentException (a marker's contract: its caller names the line), IOException (a page that is not
 * JSON: its caller names the index); anything else is a bug.
 */
class PipFuzzTest {
    static final Map<String, String> ENV = Markers.environment(new PipTarget("3.11", "cp", "linux-64", "2.17"), null);
    static final List<String> VERSIONS = List.of("0", "1.0", "1.0.post1", "2.0a1", "1!1.0", "1.0+local.7", "3.11.9");

    @FuzzTest(maxDuration = "2m")
    void requirement(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
            PipRequirement r = PipRequirement.parse(s);
            // what parses is used: its specifier filters candidates, its marker is evaluated for the image
            SpecifierSet set = SpecifierSet.tryParse(r.specifier());
            if (set != null) {
                for (String v : VERSIONS) set.contains(Pep440Version.parse(v), v);
            }
            if (r.marker() != null) {
                try {
                    Markers.parse(r.marker()).eval(ENV);
                } catch (IllegalArgumentException e) {
                    // a marker refused with a reason
                }
            }
        } catch (CondockException e) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void version(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        Pep440Version v = Pep440Version.tryParse(s);
        if (v == null) return;
        // the resolver sorts candidates: the order must be total and consistent
        if (v.compareTo(Pep440Version.parse(s)) != 0) throw new AssertionError("a version differs from itself: " + s);
        for (String o : VERSIONS) {
            Pep440Version w = Pep440Version.parse(o);
            if (Integer.signum(v.compareTo(w)) != -Integer.signum(w.compareTo(v)))
                throw new AssertionError("order not antisymmetric: " + s + " vs " + o);
        }
        // shown in lock files and messages
        if (v.publicVersion().toString().isEmpty()) throw new AssertionError("empty public version: " + s);
    }

    @FuzzTest(maxDuration = "2m")
    void specifier(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        SpecifierSet set = SpecifierSet.tryParse(s);
        if (set == null) return;
        if (set.and(set).toString() == null) throw new AssertionError(s); // shown in conflict explanations
        set.namesPrerelease();
        for (String v : VERSIONS) {
            set.contains(Pep440Version.parse(v), v);
            set.matchesIgnoringPrerelease(Pep440Version.parse(v), v);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void metadata(byte[] data) {
        WheelMetadata m = WheelMetadata.parse(new String(data, StandardCharsets.UTF_8));
        for (String d : m.requiresDist()) {
            try {
                PipRequirement.parse(d);
            } catch (CondockException e) {
                // refused with a reason
            }
        }
        if (m.requiresPython() != null) SpecifierSet.tryParse(m.requiresPython());
    }

    @FuzzTest(maxDuration = "2m")
    void simpleIndex(byte[] data) {
        String page = "https://index.example/simple/p/";
        List<IndexLink> html = SimplePages.parseHtml(new String(data, StandardCharsets.UTF_8), page, "fuzz");
        html.forEach(l -> IndexClient.projectOf(l.filename()));
        try {
            SimplePages.parseJson(data, page, "fuzz").forEach(l -> IndexClient.projectOf(l.filename()));
        } catch (IOException e) {
            // not a JSON page: the caller names the index
        }
    }
}

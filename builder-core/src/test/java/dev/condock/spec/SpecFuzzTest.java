package dev.condock.spec;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.condock.util.CondockException;
import dev.condock.version.VersionOrder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Fuzz targets for what users write: MatchSpec/VersionSpec, environment.yml and condock.yaml. Under {@code mvn test}
 * they run the seeds in {@code SpecFuzzTestInputs/<method>/} only; {@code scripts/fuzz.sh} fuzzes them. A
 * {@link CondockException} is a proper refusal; MatchSpec and VersionOrder refuse with IllegalArgumentException
 * (their contract: every caller turns it into a CondockException naming file:line); anything else is a bug.
 */
class SpecFuzzTest {
    @FuzzTest(maxDuration = "2m")
    void matchSpec(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
            MatchSpec m = MatchSpec.parse(s);
            // a spec that parses must be usable: the solver matches records against it and prints it
            MatchSpec.parse(m.text());
        } catch (IllegalArgumentException e) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void versionOrder(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        try {
            // the same text parsed twice must order equal: the solver relies on a total order
            if (VersionOrder.parse(s).compareTo(VersionOrder.parse(s)) != 0) {
                throw new AssertionError("a version differs from itself: " + s);
            }
        } catch (IllegalArgumentException e) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void environmentYml(byte[] data) {
        try {
            EnvironmentSpec.parse(new StringReader(new String(data, StandardCharsets.UTF_8)), "environment.yml");
        } catch (CondockException e) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "2m")
    void condockYaml(byte[] data) {
        try {
            ImageSpecParser.parse(Path.of("fuzz/condock.yaml"), new String(data, StandardCharsets.UTF_8));
        } catch (CondockException e) {
            // refused with a reason
        }
    }
}

package dev.condock.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentSpecTest {
    private static EnvironmentSpec parse(String yaml) throws CondockException {
        return EnvironmentSpec.parse(new StringReader(yaml), "environment.yml");
    }

    @Test
    void parsesAllSections() throws Exception {
        EnvironmentSpec e = parse("""
                name: demo
                channels:
                  - conda-forge
                  - pytorch
                dependencies:
                  - python>=3.10,<3.12
                  - pytorch::pytorch=2.0.1
                  - numpy[version='>=1.24',build=py310*]
                  - pip
                  - pip:
                    - requests==2.31
                    - -e ./local
                variables:
                  MY_VAR: "1"
                """);
        assertEquals("demo", e.name());
        assertEquals(List.of("conda-forge", "pytorch"), e.channels());
        assertEquals(4, e.dependencies().size());
        assertEquals("pytorch", e.dependencies().get(1).channel());
        assertEquals(List.of("requests==2.31", "-e ./local"), e.pip());
        assertEquals("1", e.variables().get("MY_VAR"));
    }

    @Test
    void readsCondasOwnExamples() throws Exception {
        EnvironmentSpec e = EnvironmentSpec.read(Path.of("../shared/conda-testdata/envs/conda/with-pip.yml"));
        assertTrue(!e.dependencies().isEmpty());
    }

    @Test
    void errorsNameLineAndColumn() {
        CondockException bad =
                assertThrows(CondockException.class, () -> parse("dependencies:\n  - numpy\n  - python>>3\n"));
        assertTrue(bad.getMessage().startsWith("environment.yml:3:5:"), bad.getMessage());
        assertEquals(2, bad.exitCode());
        CondockException unknown = assertThrows(
                CondockException.class,
                () -> EnvironmentSpec.read(Path.of("../shared/conda-testdata/envs/conda/invalid_keys.yml")));
        assertTrue(unknown.getMessage().contains("invalid_keys.yml:1:1: unknown key 'names'"), unknown.getMessage());
        CondockException yaml = assertThrows(CondockException.class, () -> parse("dependencies:\n  - [unclosed\n"));
        assertTrue(yaml.getMessage().matches("environment.yml:\\d+:\\d+: malformed YAML.*"), yaml.getMessage());
        CondockException shape = assertThrows(CondockException.class, () -> parse("dependencies: numpy\n"));
        assertTrue(shape.getMessage().startsWith("environment.yml:1:15: expected a list"), shape.getMessage());
    }
}

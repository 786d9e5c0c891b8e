package dev.condock.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.registry.RegistryOptions;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Insecure registries from flags, condock.yaml's insecure_registries and CONDOCK_INSECURE_REGISTRIES. */
class InsecureRegistriesTest {
    @TempDir
    Path tmp;

    @Test
    void specListAddsToFlagsAndEnvironmentAddsToBoth() throws Exception {
        Files.writeString(tmp.resolve("condock.yaml"), "lock: l.txt\ninsecure_registries: ['127.0.0.1:5000']\n");
        RegistryOptions flags = RegistryOptions.defaults()
                .withEnvironment(Map.of("CONDOCK_INSECURE_REGISTRIES", "ci.local:5000, other:1"))
                .withInsecure(Set.of("flag:443"));
        RegistryOptions r =
                BuildRequest.builder().spec(tmp).registry(flags).build().registry();
        for (String h : new String[] {"127.0.0.1:5000", "flag:443", "ci.local:5000", "other:1"}) {
            assertTrue(r.isInsecure(h), h);
        }
        assertFalse(r.isInsecure("ci.local"), "host:port as written, no port guessing");
        assertFalse(RegistryOptions.defaults().withEnvironment(Map.of()).isInsecure("127.0.0.1:5000"));
    }

    @Test
    void aNonListIsAUserErrorNamingTheLine() throws Exception {
        Files.writeString(tmp.resolve("condock.yaml"), "lock: l.txt\ninsecure_registries: 127.0.0.1:5000\n");
        CondockException e = org.junit.jupiter.api.Assertions.assertThrows(
                CondockException.class, () -> BuildRequest.builder().spec(tmp).build());
        assertEquals(2, e.exitCode());
        assertTrue(
                e.getMessage().contains("condock.yaml:2") && e.getMessage().contains("insecure_registries"),
                e.getMessage());
    }
}

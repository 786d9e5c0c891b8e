package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.net.ConnectException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class RegistryErrorsTest {
    @Test
    void eachFailureIsOneLineNamingRegistryAndRepository() throws Exception {
        ImageReference ref = ImageReference.parse("reg.example:5000/team/app:1");
        CondockException denied = RegistryErrors.translate("push to", ref, RetrierTest.status(403), false);
        assertEquals(CondockException.ENVIRONMENT_ERROR, denied.exitCode());
        assertTrue(
                denied.getMessage().contains("access denied by registry reg.example:5000, repository team/app"),
                denied.getMessage());

        CondockException missingBase = RegistryErrors.translate("read base image", ref, RetrierTest.status(404), true);
        assertEquals(CondockException.USER_ERROR, missingBase.exitCode());
        assertTrue(missingBase.getMessage().contains("not found in registry reg.example:5000, repository team/app"));

        CondockException failing = RegistryErrors.translate("push to", ref, RetrierTest.status(503), false);
        assertEquals(CondockException.ENVIRONMENT_ERROR, failing.exitCode());
        assertTrue(
                failing.getMessage().contains("HTTP 503")
                        && failing.getMessage().contains("gave up after retries"),
                failing.getMessage());

        CondockException down =
                RegistryErrors.translate("push to", ref, new ConnectException("Connection refused"), false);
        assertTrue(down.getMessage().contains("unreachable"), down.getMessage());

        CondockException trust =
                RegistryErrors.translate("push to", ref, new SSLHandshakeException("PKIX path building failed"), false);
        assertTrue(trust.getMessage().contains("--registry-ca"), trust.getMessage());

        for (CondockException e : new CondockException[] {denied, missingBase, failing, down, trust}) {
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }
}

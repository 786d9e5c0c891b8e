package dev.condock.registry;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.List;

/**
 * Pushes a small image with the process's own environment (DOCKER_CONFIG, PATH): docker credential helpers are
 * found on the PATH of the JVM, so {@link CredentialHelperE2ETest} runs this in a child JVM with a helper on it.
 * Args: TARGET CA_FILE. Prints the digest; exits with condock's code on failure.
 */
public final class CredentialHelperProbe {
    public static void main(String[] args) throws Exception {
        RegistryOptions o = RegistryOptions.defaults().withCaFiles(List.of(Path.of(args[1])));
        try {
            PushResult r = new JibRegistry(o)
                    .push(ImageReference.parse(args[0]), RegistryE2ETest.smallImage("helper"), PushListener.NONE);
            System.out.println(r.digest());
        } catch (CondockException e) {
            System.out.println("condock: " + e.getMessage());
            System.exit(e.exitCode());
        }
    }
}

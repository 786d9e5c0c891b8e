package dev.condock.cli;

import dev.condock.sign.KeyFiles;
import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code condock keygen [-o DIR]}: an ECDSA P-256 key pair for sign/verify, as PEM. */
@Command(
        name = "keygen",
        mixinStandardHelpOptions = true,
        description = "Write an ECDSA P-256 key pair (condock.key, condock.pub) for sign and verify; the private "
                + "key is encrypted when CONDOCK_KEY_PASSWORD is set.")
public final class KeygenCommand implements Callable<Integer> {
    @Option(
            names = {"-o", "--output"},
            paramLabel = "DIR",
            description = "where to write (default: .)")
    Path output = Path.of(".");

    @Override
    public Integer call() throws CondockException {
        char[] password = KeyFiles.passwordFromEnv();
        KeyFiles.write(KeyFiles.generate(), output, password);
        System.out.println("private key " + output.resolve(KeyFiles.PRIVATE_NAME)
                + (password == null ? " (unencrypted: set CONDOCK_KEY_PASSWORD to encrypt)" : " (encrypted)"));
        System.out.println("public key  " + output.resolve(KeyFiles.PUBLIC_NAME));
        return 0;
    }
}

package dev.condock.cli;

import dev.condock.smoke.ContainerRuntime;
import dev.condock.smoke.ImageRunner;
import dev.condock.smoke.ImageSources;
import dev.condock.smoke.LocalImage;
import dev.condock.smoke.RunOptions;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code condock test IMAGE [--runtime R] [--gpus all] [--network] -- CMD ARGS...}: runs a command in an image
 * with the image's Env, WorkingDir, User and Entrypoint; exits with the command's exit code.
 */
@Command(
        name = "test",
        mixinStandardHelpOptions = true,
        description = "Run a command in an image (a smoke test): the command replaces the image's Cmd, its Env, "
                + "WorkingDir, User and Entrypoint apply; no network unless --network. Exits with the command's "
                + "exit code.")
public final class TestCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "IMAGE",
            description = "oci:DIR[:TAG], docker-archive:FILE or a registry reference")
    String image;

    @Parameters(
            index = "1..*",
            paramLabel = "CMD",
            description = "the command and its arguments (after --); " + "none: the image's Cmd")
    List<String> command = new ArrayList<>();

    @Option(
            names = "--runtime",
            defaultValue = "auto",
            description = "auto (podman, then docker if its daemon answers, then runc + umoci), podman, docker or "
                    + "runc (default: ${DEFAULT-VALUE})")
    String runtime;

    @Option(
            names = "--gpus",
            paramLabel = "all",
            description = "all GPUs in the container (podman: CDI "
                    + "nvidia.com/gpu=all; docker: --gpus all; not supported by runc)")
    String gpus;

    @Option(names = "--network", description = "give the container the runtime's default network (default: none)")
    boolean network;

    @Option(
            names = "--entrypoint",
            paramLabel = "PROGRAM",
            description = "replace the image's entrypoint ('' clears it, so CMD runs as it is)")
    String entrypoint;

    @Option(names = "--debug", description = "stack traces on errors")
    boolean debug;

    @Mixin
    RegistryFlags registry = new RegistryFlags();

    @Override
    public Integer call() throws CondockException, IOException {
        ErrorHandler.debug |= debug;
        if (gpus != null && !gpus.equals("all")) {
            throw CondockException.user("--gpus takes 'all' (device lists are not supported), not '" + gpus + "'");
        }
        RunOptions options = new RunOptions(
                ContainerRuntime.parse(runtime),
                network,
                gpus != null,
                entrypoint == null ? null : entrypoint.isEmpty() ? List.of() : List.of(entrypoint));
        ImageRunner.resolve(options.runtime()); // no runtime: say so before copying any image
        Path work = Files.createTempDirectory("condock-test");
        try {
            LocalImage local =
                    ImageSources.local(image, ImageSources.hostPlatform(), registry.options(), work.resolve("oci"));
            return new ImageRunner(work).run(local, command, options, ProcessBuilder.Redirect.INHERIT);
        } finally {
            FileTrees.deleteQuietly(work);
        }
    }
}

package dev.condock.smoke;

import java.util.List;

/**
 * How {@link ImageRunner} runs a command.
 *
 * @param runtime    the program, or AUTO
 * @param network    give the container the runtime's default network (off by default: a smoke test must not
 *                   depend on the network, and on a CI runner it should not reach it)
 * @param gpus       all GPUs (podman: CDI nvidia.com/gpu=all; docker: --gpus all; runc: unsupported)
 * @param entrypoint replaces the image's Entrypoint ([] clears it), or null to keep it
 */
public record RunOptions(ContainerRuntime runtime, boolean network, boolean gpus, List<String> entrypoint) {
    public static final RunOptions DEFAULTS = new RunOptions(ContainerRuntime.AUTO, false, false, null);

    public RunOptions {
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
    }
}

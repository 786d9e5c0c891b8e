package dev.condock.cli;

import dev.condock.pipeline.BuildRequest;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where channels come from, shared by {@code lock}, {@code build} and {@code plan}. */
final class ChannelOptions {
    @Option(
            names = "--condarc",
            paramLabel = "FILE",
            description = "read this .condarc instead of conda's search path ($CONDARC, ~/.condarc, "
                    + "~/.config/conda/.condarc, /etc/conda/.condarc, ...); CONDA_* variables apply either way")
    Path condarc;

    @Option(
            names = "--keep-mirror-urls",
            description = "record the mirror packages were read from in the lock (default: the canonical channel URL)")
    boolean keepMirrorUrls;

    BuildRequest.SolveSettings settings(long excludeNewerMillis, Boolean strictPriority) {
        return new BuildRequest.SolveSettings(excludeNewerMillis, strictPriority, condarc, keepMirrorUrls);
    }
}

package dev.condock.pipeline;

import dev.condock.install.InstalledEnvironment;
import dev.condock.model.TreeEntry;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * conda-meta/state: where {@code conda env config vars} keeps an environment's variables ({@code {"env_vars":
 * {...}}}), so {@code conda activate} inside the image sets environment.yml's {@code variables:} as conda would.
 * Written only when there are variables; keys sorted, so the bytes depend on the values alone.
 */
final class CondaState {
    private CondaState() {}

    static InstalledEnvironment with(InstalledEnvironment env, BuildRequest req, Path work) throws IOException {
        if (!(req.source() instanceof BuildRequest.FromEnvironment fe)
                || fe.spec().variables().isEmpty()) return env;
        byte[] data = (Json.pretty(Map.of("env_vars", new TreeMap<>(fe.spec().variables()))) + "\n")
                .getBytes(StandardCharsets.UTF_8);
        Path file = work.resolve("conda-state");
        Files.write(file, data);
        List<TreeEntry> files = new ArrayList<>(env.environmentFiles());
        files.add(TreeEntry.file("conda-meta/state", 0644, file, data.length));
        files.sort(Comparator.comparing(TreeEntry::path));
        return new InstalledEnvironment(env.packages(), files, env.warnings());
    }
}

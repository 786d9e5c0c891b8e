package dev.condock.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs an external program (skopeo, ctr, podman, ...) with a time limit, capturing its output. */
final class Tool {
    record Result(int exit, String output) {}

    private Tool() {}

    static Result run(Path dir, Map<String, String> env, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("condock-tool", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                return new Result(124, "timed out after " + timeoutSeconds + "s: " + Files.readString(log));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}

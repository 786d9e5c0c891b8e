package dev.condock.smoke;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** {@code build --test}: each command in turn; the first that fails stops the build (exit 1) with its output. */
public final class SmokeTests {
    /** The most output a failure message carries (its tail). */
    static final int MAX_OUTPUT = 4000;

    private SmokeTests() {}

    public static void run(
            List<SmokeTest> tests, LocalImage image, RunOptions options, Path work, Consumer<String> progress)
            throws CondockException {
        ImageRunner runner = new ImageRunner(work);
        for (SmokeTest t : tests) {
            Path log;
            try {
                Files.createDirectories(work);
                log = Files.createTempFile(work, "test-", ".log");
            } catch (IOException e) {
                throw CondockException.environment("cannot create a test log in " + work + ": " + e.getMessage(), e);
            }
            try {
                int exit = runner.run(image, t.argv(), options, ProcessBuilder.Redirect.to(log.toFile()));
                String output = tail(Files.readString(log, StandardCharsets.UTF_8));
                if (exit != 0) {
                    throw CondockException.environment(
                            "test failed (exit " + exit + "): " + t.shown() + (output.isEmpty() ? "" : "\n" + output));
                }
                progress.accept("test passed: " + t.shown());
            } catch (IOException e) {
                throw CondockException.environment("cannot read the test log: " + e.getMessage(), e);
            } finally {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a leftover log in the cache's tmp is harmless
                }
            }
        }
    }

    private static String tail(String s) {
        String t = s.strip();
        return t.length() <= MAX_OUTPUT ? t : "..." + t.substring(t.length() - MAX_OUTPUT);
    }
}

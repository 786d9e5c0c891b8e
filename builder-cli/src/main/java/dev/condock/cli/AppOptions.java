package dev.condock.cli;

import dev.condock.app.AppFile;
import dev.condock.pipeline.BuildRequest;
import dev.condock.smoke.ContainerRuntime;
import dev.condock.smoke.RunOptions;
import dev.condock.smoke.SmokeTest;
import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code build --file/--test/--test-runtime} onto the request. */
final class AppOptions {
    private AppOptions() {}

    static void apply(BuildRequest.Builder b, Path spec, List<String> files, List<String> tests, String runtime)
            throws CondockException {
        Path context = spec == null
                ? Path.of("")
                : Files.isDirectory(spec) ? spec : spec.toAbsolutePath().getParent();
        List<AppFile> app = new ArrayList<>();
        for (String f : files) {
            app.add(AppFile.parseFlag(f, context));
        }
        List<SmokeTest> t = new ArrayList<>();
        for (String cmd : tests) {
            if (cmd.isBlank()) {
                throw CondockException.user("--test needs a command");
            }
            t.add(SmokeTest.shell(cmd));
        }
        b.files(app).tests(t).testRun(new RunOptions(ContainerRuntime.parse(runtime), false, false, null));
    }
}

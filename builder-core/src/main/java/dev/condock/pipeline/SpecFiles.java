package dev.condock.pipeline;

import dev.condock.spec.ImageSpec;
import dev.condock.spec.ImageSpecParser;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** What a SPEC argument is: a condock.yaml (or a directory holding one), or an environment.yml to build as is. */
final class SpecFiles {
    private SpecFiles() {}

    static ImageSpec read(Path fileOrDir) throws CondockException {
        return isEnvironmentFile(fileOrDir) ? ImageSpec.forEnvironment(fileOrDir) : ImageSpecParser.read(fileOrDir);
    }

    /** An environment.yml: top-level {@code dependencies:} and neither {@code environment:} nor {@code lock:}. */
    static boolean isEnvironmentFile(Path p) {
        if (!Files.isRegularFile(p) || p.getFileName().toString().equals(ImageSpecParser.FILE_NAME)) {
            return false;
        }
        try (Reader r = Files.newBufferedReader(p)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
            return doc instanceof Map<?, ?> m
                    && m.containsKey("dependencies")
                    && !m.containsKey("environment")
                    && !m.containsKey("lock");
        } catch (IOException | RuntimeException e) {
            return false; // the spec parser reports what is wrong with it
        }
    }
}

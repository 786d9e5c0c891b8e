package dev.condock.cli;

import java.nio.file.Path;
import java.util.List;

/**
 * One malformed input: what the CLI must answer (exit code, a fragment of its message) and how to set it up in a
 * fresh directory (write the files, return the arguments of the {@code condock} command that reads them).
 */
record CorpusCase(String name, int exit, String fragment, Setup setup) {
    @FunctionalInterface
    interface Setup {
        List<String> args(Path dir) throws Exception;
    }

    /** The same input, answered with {@code code} and no message expected (a record that is odd but usable). */
    CorpusCase withExit(int code) {
        return new CorpusCase(name, code, "", setup);
    }

    @Override
    public String toString() {
        return name;
    }
}

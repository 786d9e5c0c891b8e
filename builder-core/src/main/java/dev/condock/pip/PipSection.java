package dev.condock.pip;

import dev.condock.util.CondockException;
import java.nio.file.Path;
import java.util.List;

/** Parses environment.yml {@code pip:} entries: PEP 508 lines and pip's option lines. */
public final class PipSection {
    private PipSection() {}

    /**
     * @param lines      the {@code pip:} entries as written
     * @param envFileDir directory of the environment file ({@code -r} and local wheel paths are relative to it)
     */
    public static ParsedPip parse(List<String> lines, Path envFileDir) throws CondockException {
        throw CondockException.user("pip: section parser not implemented yet");
    }
}

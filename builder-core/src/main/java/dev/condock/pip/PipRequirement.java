package dev.condock.pip;

import java.util.List;

/**
 * One PEP 508 requirement as written in environment.yml's {@code pip:} list or a {@code -r} file.
 *
 * @param name      PEP 503 normalized name (lower case, runs of {@code -_.} become {@code -})
 * @param text      the line as the user wrote it, for messages
 * @param extras    normalized extras, sorted
 * @param specifier PEP 440 specifier set as written ({@code ">=1.0,<2"}), empty when none
 * @param marker    environment marker text after {@code ;}, or null
 * @param url       direct reference ({@code name @ URL}, or a local {@code .whl} as a {@code file:} URL), or null
 */
public record PipRequirement(
        String name, String text, List<String> extras, String specifier, String marker, String url) {
    public PipRequirement {
        extras = List.copyOf(extras);
        specifier = specifier == null ? "" : specifier;
    }

    /** Parses one PEP 508 line; a malformed one is a user error naming the line. */
    public static PipRequirement parse(String text) throws dev.condock.util.CondockException {
        return Pep508.parse(text);
    }
}

package dev.condock.pip;

import java.nio.file.Path;
import java.util.List;

/**
 * An environment.yml {@code pip:} section: requirements (with {@code -r} files expanded) and pip's option lines.
 * Index options given here add to those from condock.yaml / flags (the caller merges).
 */
public record ParsedPip(
        List<PipRequirement> requirements,
        List<String> indexUrls,
        List<String> extraIndexUrls,
        List<String> findLinks,
        boolean pre) {
    public ParsedPip {
        requirements = List.copyOf(requirements);
        indexUrls = List.copyOf(indexUrls);
        extraIndexUrls = List.copyOf(extraIndexUrls);
        findLinks = List.copyOf(findLinks);
    }

    /** These options alone, with the given cache root. */
    public PipOptions options(Path cacheRoot) {
        return new PipOptions(indexUrls, extraIndexUrls, findLinks, pre, cacheRoot);
    }
}

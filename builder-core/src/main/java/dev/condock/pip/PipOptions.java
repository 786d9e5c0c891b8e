package dev.condock.pip;

import java.nio.file.Path;
import java.util.List;

/**
 * Where wheels come from. URLs may carry credentials (never printed: messages go through {@code Redact}).
 *
 * @param indexUrls      simple-API roots replacing the default (empty = https://pypi.org/simple/); http(s) or file:
 * @param extraIndexUrls further simple-API roots, searched as well
 * @param findLinks      directories (or file:/http pages) listing wheels directly
 * @param pre            allow pre-releases everywhere (pip's {@code --pre})
 * @param cacheRoot      condock cache root; index pages, metadata and wheels are cached under {@code pip/}
 */
public record PipOptions(
        List<String> indexUrls, List<String> extraIndexUrls, List<String> findLinks, boolean pre, Path cacheRoot) {
    public static final String PYPI = "https://pypi.org/simple/";

    public PipOptions {
        indexUrls = List.copyOf(indexUrls);
        extraIndexUrls = List.copyOf(extraIndexUrls);
        findLinks = List.copyOf(findLinks);
    }

    /** The index roots searched, in order: the index URLs (or PyPI) then the extra ones. */
    public List<String> allIndexes() {
        List<String> out = new java.util.ArrayList<>(indexUrls.isEmpty() ? List.of(PYPI) : indexUrls);
        out.addAll(extraIndexUrls);
        return out;
    }
}

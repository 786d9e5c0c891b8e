package dev.condock.pip;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pip index options from one place (condock.yaml's {@code pip:} mapping, or the {@code --pip-*} flags); a null
 * component is "not set here". Precedence is per option: flags over condock.yaml over the option lines inside
 * environment.yml's {@code pip:} list ({@link #over(PipIndexSettings)}, {@link #options(ParsedPip, Path)}), so
 * {@code --pip-index-url} replaces the index an environment file names and leaves its {@code --find-links} alone.
 * URLs may carry {@code user:pass@}; they are never printed (messages go through {@code Redact}) and never written
 * to a lock (locks hold the wheels' URLs, which never carry credentials).
 *
 * @param indexUrl       the simple-API root replacing PyPI, or null
 * @param extraIndexUrls further simple-API roots, or null
 * @param findLinks      pages or directories (as file: URLs) listing wheels, or null
 * @param pre            allow pre-releases, or null
 */
public record PipIndexSettings(String indexUrl, List<String> extraIndexUrls, List<String> findLinks, Boolean pre) {
    public static final PipIndexSettings NONE = new PipIndexSettings(null, null, null, null);

    public PipIndexSettings {
        extraIndexUrls = extraIndexUrls == null ? null : List.copyOf(extraIndexUrls);
        findLinks = findLinks == null ? null : List.copyOf(findLinks);
    }

    /** These settings, each unset one taken from {@code lower}. */
    public PipIndexSettings over(PipIndexSettings lower) {
        return new PipIndexSettings(
                indexUrl != null ? indexUrl : lower.indexUrl,
                extraIndexUrls != null ? extraIndexUrls : lower.extraIndexUrls,
                findLinks != null ? findLinks : lower.findLinks,
                pre != null ? pre : lower.pre);
    }

    /** The options a resolve uses: these settings over the environment file's own option lines. */
    public PipOptions options(ParsedPip env, Path cacheRoot) {
        return new PipOptions(
                indexUrl != null ? List.of(indexUrl) : env.indexUrls(),
                extraIndexUrls != null ? extraIndexUrls : env.extraIndexUrls(),
                findLinks != null ? findLinks : env.findLinks(),
                pre != null ? pre : env.pre(),
                cacheRoot);
    }

    /** Every URL set here (index, extra indexes, find-links): where wheel downloads find their credentials. */
    public List<String> urls() {
        List<String> out = new ArrayList<>();
        if (indexUrl != null) out.add(indexUrl);
        if (extraIndexUrls != null) out.addAll(extraIndexUrls);
        if (findLinks != null) out.addAll(findLinks);
        return out;
    }

    /** A find-links value as pip takes it: a URL as is, a local path made absolute against {@code dir}. */
    public static String findLink(String value, Path dir) {
        return value.contains("://") || value.startsWith("file:")
                ? value
                : dir.resolve(value).toAbsolutePath().normalize().toUri().toString();
    }
}

package dev.condock.cli;

import dev.condock.pip.PipIndexSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * pip index flags, shared by {@code lock}, {@code build} and {@code plan}. Each one given replaces the same option
 * from condock.yaml's {@code pip:} and from the option lines in environment.yml's {@code pip:} list.
 */
final class PipFlags {
    @Option(
            names = "--pip-index-url",
            paramLabel = "URL",
            description = "pip simple-API index replacing PyPI and the environment's --index-url (user:pass@ or "
                    + "~/.netrc for credentials, never printed)")
    String indexUrl;

    @Option(
            names = "--pip-extra-index-url",
            paramLabel = "URL",
            description = "further pip index (repeatable; replaces condock.yaml's and the environment's)")
    List<String> extraIndexUrls;

    @Option(
            names = "--pip-find-links",
            paramLabel = "URL|DIR",
            description =
                    "page or directory listing wheels (repeatable; replaces condock.yaml's and the environment's)")
    List<String> findLinks;

    @Option(names = "--pip-pre", description = "allow pip pre-releases (as pip's --pre)")
    boolean pre;

    PipIndexSettings settings() {
        List<String> links = null;
        if (findLinks != null) {
            links = new ArrayList<>();
            for (String l : findLinks) links.add(PipIndexSettings.findLink(l, Path.of("")));
        }
        return new PipIndexSettings(indexUrl, extraIndexUrls, links, pre ? Boolean.TRUE : null);
    }
}

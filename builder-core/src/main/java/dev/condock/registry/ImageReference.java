package dev.condock.registry;

import dev.condock.util.CondockException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry image reference {@code host[:port]/repo[:tag|@digest]} (a {@code docker://} prefix is accepted).
 * Follows the docker CLI's rules: the first path component is a registry only if it contains '.' or ':' or is
 * {@code localhost}; otherwise the image lives on Docker Hub, where a one-component name gets {@code library/}.
 * Exactly one of {@code tag} and {@code digest} is set; without either, the tag is {@code latest}.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {
    public static final String DOCKER_HUB = "docker.io";
    /** Docker Hub's API host: docker.io itself only redirects. */
    public static final String DOCKER_HUB_API = "registry-1.docker.io";

    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Pattern HOST =
            Pattern.compile("[A-Za-z0-9.-]+(?::[0-9]{1,5})?|\\[[0-9A-Fa-f:]+\\](?::[0-9]{1,5})?");

    public ImageReference {
        if ((tag == null) == (digest == null)) {
            throw new IllegalArgumentException("exactly one of tag and digest");
        }
    }

    public static ImageReference parse(String text) throws CondockException {
        String s = text.startsWith("docker://") ? text.substring("docker://".length()) : text;
        if (s.isEmpty() || s.contains("://")) {
            throw bad(text, "expected host[:port]/repository[:tag|@digest]");
        }
        String digest = null;
        int at = s.indexOf('@');
        if (at >= 0) {
            digest = s.substring(at + 1);
            s = s.substring(0, at);
            if (!DIGEST.matcher(digest).matches()) {
                throw bad(text, "digest must be sha256:<64 hex digits>");
            }
        }
        String tag = null;
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            tag = s.substring(colon + 1);
            s = s.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                throw bad(text, "invalid tag '" + tag + "'");
            }
        }
        String registry = DOCKER_HUB;
        String repo = s;
        int first = s.indexOf('/');
        if (first > 0) {
            String head = s.substring(0, first);
            if (head.contains(".") || head.contains(":") || head.equals("localhost") || head.startsWith("[")) {
                if (!HOST.matcher(head).matches()) {
                    throw bad(text, "invalid registry host '" + head + "'");
                }
                registry = head.toLowerCase(Locale.ROOT);
                repo = s.substring(first + 1);
            }
        }
        if (registry.equals(DOCKER_HUB) || registry.equals("index.docker.io") || registry.equals(DOCKER_HUB_API)) {
            registry = DOCKER_HUB;
            if (!repo.contains("/")) {
                repo = "library/" + repo;
            }
        }
        for (String component : repo.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw bad(text, "invalid repository '" + repo + "' (lowercase letters, digits, '.', '_', '-', '/')");
            }
        }
        if (tag == null && digest == null) {
            tag = "latest";
        }
        return new ImageReference(registry, repo, digest == null ? tag : null, digest);
    }

    private static CondockException bad(String text, String why) {
        return CondockException.user("invalid image reference '" + text + "': " + why);
    }

    /** The host[:port] to send API requests to. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? DOCKER_HUB_API : registry;
    }

    /** The tag or digest, as it goes into {@code /v2/<repo>/manifests/<qualifier>}. */
    public String qualifier() {
        return digest != null ? digest : tag;
    }

    public ImageReference withDigest(String newDigest) {
        return new ImageReference(registry, repository, null, newDigest);
    }

    /** host/repo, without tag or digest: names the repository in messages. */
    public String repositoryName() {
        return registry + "/" + repository;
    }

    @Override
    public String toString() {
        return repositoryName() + (digest != null ? "@" + digest : ":" + tag);
    }
}

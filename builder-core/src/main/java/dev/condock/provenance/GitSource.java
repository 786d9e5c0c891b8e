package dev.condock.provenance;

import dev.condock.util.Redact;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Where a spec comes from in git: the origin remote's URL (credentials stripped) and the HEAD commit, read with the
 * {@code git} command. Outside a work tree, without git, or without a remote, the values are simply absent: a build
 * from a plain directory is not an error.
 *
 * @param source   the remote URL for {@code org.opencontainers.image.source}, or null
 * @param revision the commit for {@code org.opencontainers.image.revision}, or null
 */
public record GitSource(String source, String revision) {
    public static final GitSource NONE = new GitSource(null, null);

    /** The git source of the work tree holding {@code dir}, or {@link #NONE}. */
    public static GitSource of(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return NONE;
        }
        String revision = git(dir, "rev-parse", "--verify", "HEAD");
        if (revision == null || !revision.matches("[0-9a-f]{40,64}")) {
            return NONE;
        }
        String remote = git(dir, "config", "--get", "remote.origin.url");
        return new GitSource(remote == null || remote.isEmpty() ? null : stripCredentials(remote), revision);
    }

    /** "https://user:token@host/repo" → "https://host/repo" (scp-style "git@host:repo" names no secret). */
    static String stripCredentials(String url) {
        return url == null ? null : Redact.url(url).replace("/t/<TOKEN>/", "/");
    }

    private static String git(Path dir, String... args) {
        List<String> cmd =
                new ArrayList<>(List.of("git", "-C", dir.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (InputStream in = p.getInputStream()) {
                in.transferTo(out);
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out.toString(StandardCharsets.UTF_8).strip() : null;
        } catch (IOException e) {
            return null; // no git: no source labels
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}

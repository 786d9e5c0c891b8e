package dev.condock.channel;

import dev.condock.util.Redact;
import java.nio.file.Path;

/**
 * A conda channel: a short name for dist strings ({@code name::pkg}), the URL recorded in locks (never with
 * token or password) and the URL fetched from (which may carry them). {@code priority} is its position in the
 * channel list, 0 highest.
 */
public record Channel(String name, String url, String fetchUrl, int priority) {
    @Override
    public String toString() {
        return name; // never the fetch URL: it may hold a token
    }

    /** The URL a lock records: {@code user:password@} and {@code /t/<token>} removed (see {@link Redact#strip}). */
    public static String redact(String url) {
        return Redact.strip(url);
    }

    /** Resolves a channel as environment.yml or .condarc write it, against that configuration. */
    public static Channel resolve(String spec, ChannelConfig config, int priority) {
        String s = spec.strip();
        while (s.endsWith("/")) s = s.substring(0, s.length() - 1);
        String fetch;
        String name;
        if (s.matches("^[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            fetch = s;
            name = nameFromUrl(redact(s), config);
        } else if (s.startsWith("/") || s.startsWith(".") || s.startsWith("~")) {
            Path p = Path.of(s.startsWith("~") ? System.getProperty("user.home") + s.substring(1) : s);
            fetch = p.toAbsolutePath().normalize().toUri().toString();
            while (fetch.endsWith("/")) fetch = fetch.substring(0, fetch.length() - 1);
            name = p.toAbsolutePath().normalize().getFileName().toString();
        } else if (config.customChannels().containsKey(s)) {
            fetch = config.customChannels().get(s) + "/" + s;
            name = s;
        } else {
            fetch = config.channelAlias() + "/" + s;
            name = s;
        }
        return new Channel(name, redact(fetch), fetch, priority);
    }

    private static String nameFromUrl(String url, ChannelConfig config) {
        if (url.startsWith("file:")) return url.substring(url.lastIndexOf('/') + 1);
        String alias = config.channelAlias() + "/";
        if (url.startsWith(alias)) return url.substring(alias.length());
        return url;
    }
}

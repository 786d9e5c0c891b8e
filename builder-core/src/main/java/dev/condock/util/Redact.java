package dev.condock.util;

/** Strips secrets from URLs before they reach a message, a log or a file. */
public final class Redact {
    private Redact() {}

    /**
     * A URL with its credentials removed rather than marked: {@code user:password@} and the {@code /t/<token>}
     * segment go, leaving the canonical channel URL that locks record (messages use {@link #url}).
     */
    public static String strip(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([a-z][a-z0-9+.-]*://)[^/@]*@", "$1").replaceAll("/t/[^/]+", "");
    }

    /** {@link #url} for every URL inside a line of text (a pip option line, a message). */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        return text.replaceAll("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s]*@", "$1")
                .replaceAll("/t/[^/\\s]+/", "/t/<TOKEN>/");
    }

    /** Removes "user:password@" and anaconda-style "/t/&lt;token&gt;/" from a URL. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1").replaceAll("/t/[^/]+/", "/t/<TOKEN>/");
    }
}

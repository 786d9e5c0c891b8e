package dev.condock.util;

/** Strips secrets from URLs before they reach a message, a log or a file. */
public final class Redact {
    private Redact() {}

    /** Removes "user:password@" and anaconda-style "/t/&lt;token&gt;/" from a URL. */
    public static String url(String url) {
        if (url == null) {
            return null;
        }
        return url.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@]*@", "$1")
                .replaceAll("/t/[^/]+/", "/t/<TOKEN>/");
    }
}

package dev.condock.pip;

import dev.condock.util.CondockException;
import java.nio.file.Path;

/**
 * Fetches a resolved wheel for installation: file: URLs in place, others downloaded into the cache (temp name +
 * rename) with the credentials of the configured index URLs or ~/.netrc, and checked against its sha256.
 */
public final class PipWheels {
    private PipWheels() {}

    public static Path fetch(ResolvedWheel w, PipOptions opts) throws CondockException {
        PipHttp http = new PipHttp(opts.cacheRoot());
        for (String u : opts.allIndexes()) http.strip(u); // registers per-host credentials, never printed
        for (String u : opts.findLinks()) http.strip(u);
        IndexLink link = new IndexLink(w.filename(), w.url(), w.sha256(), w.requiresPython(), false, null, "lock");
        return new IndexClient(opts, http).wheelFile(link);
    }
}

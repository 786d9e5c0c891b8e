package dev.condock.pipeline;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.model.TreeEntry;
import dev.condock.util.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The image's {@code created}: the fixed mtime when one is set (SOURCE_DATE_EPOCH, or a request's mtime), else the
 * newest package build timestamp in the environment: reproducible (the lock decides it) and meaningful (how recent
 * the environment is), where 1970 says nothing. Only the config and annotations take it; layer entries keep the
 * fixed mtime, so a package bump still changes one layer, not every layer.
 */
final class CreatedTime {
    private CreatedTime() {}

    static long of(BuildRequest req, InstalledEnvironment env) {
        if (req.mtime() != 0) {
            return req.mtime();
        }
        long newestMillis = 0;
        List<TreeEntry> entries = new ArrayList<>(env.environmentFiles());
        for (InstalledPackage p : env.packages()) {
            entries.addAll(p.entries());
        }
        // the conda-meta records, not the lock's: a lock's records carry no timestamp, and the records say the same
        // for a solved build and a build from its written lock (index.json's, or repodata's over it)
        for (TreeEntry e : entries) {
            if (e.kind() == TreeEntry.Kind.FILE
                    && e.path().startsWith("conda-meta/")
                    && e.path().endsWith(".json")) {
                newestMillis = Math.max(newestMillis, millis(timestampIn(e)));
            }
        }
        return newestMillis / 1000;
    }

    /** As {@link #of(BuildRequest, InstalledEnvironment)}, from the timestamps the conda-meta records will carry. */
    static long of(BuildRequest req, List<dev.condock.install.PackagePaths> packages) {
        if (req.mtime() != 0) {
            return req.mtime();
        }
        long newestMillis = 0;
        for (dev.condock.install.PackagePaths p : packages) {
            newestMillis = Math.max(newestMillis, millis(p.timestamp()));
        }
        return newestMillis / 1000;
    }

    private static long timestampIn(TreeEntry e) {
        // streamed, top-level keys only: a record of a 300,000-file package is ~60 MB, whose tree took ~400 MB
        long t = 0;
        try (InputStream in = Files.newInputStream(e.content());
                JsonParser p = Json.CANONICAL.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return 0;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken v = p.nextToken();
                if ("timestamp".equals(key)) { // the last one counts, as in a parsed tree
                    t = v.isScalarValue() ? p.getValueAsLong(0) : 0;
                } else {
                    p.skipChildren();
                }
            }
            return t;
        } catch (IOException | RuntimeException x) {
            return 0; // a record we cannot read does not decide the date
        }
    }

    /** conda timestamps are milliseconds; old records have seconds. */
    private static long millis(long t) {
        return t <= 0 ? 0 : t < 100_000_000_000L ? t * 1000 : t;
    }
}

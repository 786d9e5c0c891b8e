package dev.condock.channel;

import dev.condock.model.PackageRecord;
import dev.condock.util.CondockException;
import java.util.Collection;
import java.util.List;

/**
 * A channel's records (one platform, noarch included) handed out by name, so a solve parses only the names it
 * reaches ({@link LazySubdir} over a {@link RepodataIndex}). Keys order the records exactly as the eagerly parsed
 * list would (file order, the .conda replacing its .tar.bz2 in place), so answers do not depend on the loading.
 */
public interface RecordSource {
    /** A record and its position key: smaller keys come first in the eagerly parsed list. */
    record Keyed(long key, PackageRecord record) {}

    /** The records named {@code name}, by ascending key. */
    List<Keyed> named(String name);

    /** Every name with a record that tracks features (the solver looks them up by feature, not by name). */
    Collection<String> trackerNames();

    /** Every record, eagerly (error hints only: this parses the whole channel). */
    List<PackageRecord> all();

    /** The malformed records met so far, one warning line each. */
    List<String> skipped();

    /** Reading the cached repodata failed half-way through a solve; carries the error to report. */
    final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public Failure(CondockException cause) {
            super(cause.getMessage(), cause);
        }

        public CondockException error() {
            return (CondockException) getCause();
        }
    }
}

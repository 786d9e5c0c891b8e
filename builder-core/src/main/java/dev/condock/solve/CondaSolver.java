package dev.condock.solve;

import dev.condock.channel.RecordSource;
import dev.condock.model.PackageRecord;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.List;

/**
 * The solver's public face: channels' records in priority order plus specs in, an install-ordered list of
 * packages out, or a {@link CondockException} (exit 2) whose message explains the conflict.
 */
public final class CondaSolver {
    /**
     * One channel's records; the list order of sources is channel priority. With {@code lazy} the pool reads
     * records by name from it and {@link #records()} parses them all (only error hints need that).
     */
    public record Source(String channel, List<PackageRecord> records, RecordSource lazy) {
        public Source(String channel, List<PackageRecord> records) {
            this(channel, records, null);
        }

        /** A channel read name by name. */
        public Source(String channel, RecordSource lazy) {
            this(channel, null, lazy);
        }

        @Override
        public List<PackageRecord> records() {
            return lazy != null ? lazy.all() : records;
        }
    }

    private CondaSolver() {}

    public static List<SolvedPackage> solve(List<Source> sources, List<MatchSpec> specs, SolveOptions options)
            throws CondockException {
        Pool pool = pool(sources, options);
        List<Pool.Cand> picked = new Solver(pool).solve(specs);
        if (picked == null) throw CondockException.user(new Explainer(pool).explain(specs));
        List<Pool.Cand> real = new ArrayList<>();
        for (Pool.Cand c : picked) if (c.priority() >= 0) real.add(c); // virtual packages are not installed
        List<SolvedPackage> out = new ArrayList<>();
        for (Pool.Cand c : TopoOrder.sort(real, pool)) out.add(new SolvedPackage(c.channel(), c.rec()));
        return out;
    }

    static Pool pool(List<Source> sources, SolveOptions options) {
        List<Pool.Source> ps = new ArrayList<>();
        ps.add(new Pool.Source("@virtual", -1, options.virtualPackages()));
        for (int i = 0; i < sources.size(); i++)
            ps.add(
                    sources.get(i).lazy() != null
                            ? new Pool.Source(
                                    sources.get(i).channel(),
                                    i,
                                    null,
                                    sources.get(i).lazy())
                            : new Pool.Source(
                                    sources.get(i).channel(), i, sources.get(i).records()));
        return new Pool(ps, options.strictPriority(), options.excludeNewerMillis());
    }
}

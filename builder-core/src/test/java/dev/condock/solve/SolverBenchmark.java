package dev.condock.solve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Benchmark, not a test: solves conda's 26 known-answer cases in-process (repodata parsed once, as a warm
 * resolver would hold it) and prints our median and max per-case solve time. With {@code --peers <file>}
 * it also prints the peers' medians from a JSON-lines file written by scripts/bench-peers.sh in the same run.
 * Run: java -cp ... dev.condock.solve.SolverBenchmark [--rounds N] [--peers FILE]
 */
public final class SolverBenchmark {
    public static void main(String[] args) throws Exception {
        int rounds = 5;
        Path peers = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) rounds = Integer.parseInt(args[++i]);
            if (args[i].equals("--peers")) peers = Path.of(args[++i]);
        }
        List<KnownAnswerCases.Case> cases = KnownAnswerCases.reproducible();
        for (KnownAnswerCases.Case c : cases) KnownAnswerCases.sources(c); // load repodata up front
        for (int w = 0; w < 3; w++) for (KnownAnswerCases.Case c : cases) KnownAnswerCases.run(c); // JIT warm-up
        Map<String, Double> best = new TreeMap<>();
        int matched = 0;
        for (KnownAnswerCases.Case c : cases) {
            double min = Double.MAX_VALUE;
            TreeSet<String> got = null;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                got = KnownAnswerCases.run(c);
                min = Math.min(min, (System.nanoTime() - t0) / 1e6);
            }
            if (got.equals(c.expected())) matched++;
            best.put(c.id(), min);
        }
        // the peers' wall_ms includes fetching and parsing repodata: time ours that way too
        List<Double> withParse = new ArrayList<>();
        for (KnownAnswerCases.Case c : cases) {
            double min = Double.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                List<CondaSolver.Source> src = new ArrayList<>();
                for (String ch : c.channels())
                    src.add(new CondaSolver.Source(ch, KnownAnswerCases.parseChannel(ch, c.pip())));
                try {
                    CondaSolver.solve(src, KnownAnswerCases.specs(c), KnownAnswerCases.CONDA_DEFAULTS);
                } catch (dev.condock.util.CondockException e) {
                    // counted in the match figure above
                }
                min = Math.min(min, (System.nanoTime() - t0) / 1e6);
            }
            withParse.add(min);
        }
        Collections.sort(withParse);
        double medianParse = withParse.get(withParse.size() / 2);
        List<Double> times = new ArrayList<>(best.values());
        Collections.sort(times);
        double median = times.get(times.size() / 2);
        double max = times.get(times.size() - 1);
        System.out.printf(
                "condock   matched %d/%d  median %.1f ms  max %.1f ms (in-process, best of %d)%n",
                matched, cases.size(), median, max, rounds);
        best.forEach((k, v) -> System.out.printf("  %-60s %8.1f ms%n", k, v));
        System.out.printf(
                "condock   with repodata parsing: median %.1f ms  max %.1f ms%n",
                medianParse, withParse.get(withParse.size() - 1));
        if (peers != null && Files.exists(peers)) PeerTimes.print(peers, median, medianParse);
    }
}

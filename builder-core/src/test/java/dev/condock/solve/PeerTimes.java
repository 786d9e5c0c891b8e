package dev.condock.solve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads peer timings ({"peer":..,"case":..,"wall_ms":..} per line) and prints medians and ratios to ours. */
final class PeerTimes {
    private PeerTimes() {}

    static void print(Path file, double ourMedian, double ourMedianWithParse) throws Exception {
        ObjectMapper m = new ObjectMapper();
        Map<String, List<Double>> byPeer = new TreeMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank()) continue;
            JsonNode n = m.readTree(line);
            if (!n.has("wall_ms")) continue;
            byPeer.computeIfAbsent(n.get("peer").asText(), k -> new ArrayList<>())
                    .add(n.get("wall_ms").asDouble());
        }
        for (Map.Entry<String, List<Double>> e : byPeer.entrySet()) {
            List<Double> t = e.getValue();
            Collections.sort(t);
            double med = t.get(t.size() / 2);
            System.out.printf(
                    "%-9s median %.1f ms  max %.1f ms  (n=%d)  ours/peer = %.3f solve-only, %.3f with parsing%n",
                    e.getKey(), med, t.get(t.size() - 1), t.size(), ourMedian / med, ourMedianWithParse / med);
        }
    }
}

package dev.condock.pip;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/** Runs pip's own resolver (isolated from this machine's pip configuration) and reads its --report. */
final class PipRun {
    /** name==version set, or null with pip's error when pip could not resolve. */
    record Result(TreeSet<String> pins, String error) {}

    private PipRun() {}

    static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "-m", "pip", "--version")
                    .redirectErrorStream(true)
                    .start();
            p.getInputStream().readAllBytes();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static Result resolve(String indexUrl, List<String> reqs, List<String> extraFlags, Path work)
            throws IOException, InterruptedException {
        return resolve(indexUrl, reqs, extraFlags, List.of("manylinux2014_x86_64"), work);
    }

    /** pip for python 3.11 on exactly these platform tags (one --platform each, in preference order). */
    static Result resolve(
            String indexUrl, List<String> reqs, List<String> extraFlags, List<String> platforms, Path work)
            throws IOException, InterruptedException {
        Path report = work.resolve("report-" + System.nanoTime() + ".json");
        List<String> cmd = new ArrayList<>(List.of(
                "python3",
                "-m",
                "pip",
                "install",
                "--isolated",
                "--dry-run",
                "--quiet",
                "--report",
                report.toString(),
                "--ignore-installed",
                "--only-binary=:all:",
                "--python-version",
                "3.11",
                "--index-url",
                indexUrl,
                "--no-cache-dir",
                "--disable-pip-version-check",
                "--target",
                work.resolve("pip-target").toString()));
        for (String p : platforms) cmd.addAll(List.of("--platform", p));
        cmd.addAll(extraFlags);
        cmd.addAll(reqs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("PIP_"));
        env.put("PIP_CONFIG_FILE", "/dev/null");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("pip timed out");
        }
        if (p.exitValue() != 0) return new Result(null, out.strip());
        JsonNode r = new ObjectMapper().readTree(report.toFile());
        TreeSet<String> pins = new TreeSet<>();
        for (JsonNode i : r.path("install")) {
            pins.add(PipNames.normalize(i.path("metadata").path("name").asText()) + "=="
                    + Pep440Version.parse(i.path("metadata").path("version").asText()));
        }
        Files.deleteIfExists(report);
        return new Result(pins, null);
    }

    static TreeSet<String> pins(List<ResolvedWheel> wheels) {
        TreeSet<String> out = new TreeSet<>();
        for (ResolvedWheel w : wheels) out.add(w.name() + "==" + Pep440Version.parse(w.version()));
        return out;
    }
}

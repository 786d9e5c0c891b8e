package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Real projects: the wheelhouse at /opt/pypi (843 projects, a file: simple index) resolved by condock and by pip's own
 * resolver for the same image (python 3.11, x86_64, glibc 2.28: pip gets the same manylinux platform list, one
 * --platform each, since its own expansion of a single manylinux_2_28 tag omits the older ones); the sets must be equal.
 */
@Tag("e2e")
class PipRealWheelhouseE2ETest {
    static final Path ROOT = Path.of("/opt/pypi/simple");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scikit-learn",
                "pandas<3",
                "transformers",
                "tensorboard",
                "huggingface-hub<2",
                "requests[socks]",
                "flask-login flask-bcrypt",
                "numpy<2 scipy",
                "numpy==2.0.2 pandas",
                "matplotlib seaborn",
                "statsmodels",
                "lightgbm",
                "nltk opencv-python-headless",
                "onnxruntime onnx",
                "polars pyarrow",
                "fastapi pydantic"
            })
    void sameAsPip(String set) throws Exception {
        compare(List.of(set.split(" ")), List.of());
    }

    /** examples/ml-train's pip part: torch (the CPU wheel, a local version) from a --find-links directory. */
    @org.junit.jupiter.api.Test
    void mlTrainEnvironmentSameAsPip() throws Exception {
        Path torch = Path.of("/opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl");
        assumeTrue(Files.isRegularFile(torch), "no " + torch + " on this machine: skipped");
        compare(
                List.of("torch", "numpy<2", "pandas", "scikit-learn", "transformers", "tensorboard"),
                List.of(torch.getParent().toString()));
    }

    private void compare(List<String> reqs, List<String> findLinks) throws Exception {
        String set = String.join(" ", reqs);
        assumeTrue(Files.isDirectory(ROOT), "no real wheelhouse at /opt/pypi/simple on this machine: skipped");
        assumeTrue(PipRun.available(), "python3 -m pip is not installed (scripts/test.sh installs python3-pip)");
        String url = ROOT.toUri().toString();
        PipTarget target = new PipTarget("3.11", "cp", "linux-64", "2.28");
        PipRun.Result pip = PipRun.resolve(
                url,
                reqs,
                findLinks.stream()
                        .flatMap(f -> java.util.stream.Stream.of("--find-links", f))
                        .toList(),
                WheelTags.platforms(target),
                tmp);
        assertNotNull(pip.pins(), () -> "pip failed: " + pip.error());
        List<PipRequirement> parsed = new ArrayList<>();
        for (String r : reqs) parsed.add(PipRequirement.parse(r));
        long t0 = System.nanoTime();
        List<ResolvedWheel> ours = PipResolver.resolve(
                parsed,
                Map.of(),
                target,
                new PipOptions(
                        List.of(url),
                        List.of(),
                        findLinks.stream()
                                .map(f -> Path.of(f).toUri().toString())
                                .toList(),
                        false,
                        tmp.resolve("cache")));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        TreeSet<String> got = PipRun.pins(ours);
        assertEquals(pip.pins(), got, set);
        assertTrue(got.size() >= 2, got.toString());
        for (ResolvedWheel w : ours) assertEquals(64, w.sha256().length(), w.filename());
        System.out.println("[pip-real] " + set + ": " + got.size() + " wheels in " + ms + " ms");
    }
}

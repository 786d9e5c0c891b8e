package dev.condock.layer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.install.EnvironmentInstaller;
import dev.condock.install.InstallOptions;
import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.install.PackagePaths;
import dev.condock.install.PackageToInstall;
import dev.condock.model.PackageRecord;
import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.testing.Records;
import dev.condock.util.Workers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The plan from package metadata is the install-based plan, layer by layer and path by path. */
class MetadataPlanTest {
    private static final Path SHARED = Path.of("../shared/conda-testdata/packages");
    private static final PythonAbi PY = new PythonAbi("3.11", false);

    @TempDir
    Path tmp;

    /** Real packages: clobbering pairs (plain, symlinks, noarch python), noarch python, link scripts, both formats. */
    @Test
    void realPackagesPlanAsInstalled() throws Exception {
        List<PackageToInstall> pkgs = new ArrayList<>();
        for (String fn : List.of(
                "zlib-1.2.11-h7b6447c_3.conda",
                "ca-certificates-2024.7.4-hbcca054_0.conda",
                "clobber-with-symlink-a-0.1.0-h4616a5c_0.conda",
                "clobber-with-symlink-b-0.1.0-h4616a5c_0.conda",
                "clobber-pynoarch-1-0.1.0-pyh4616a5c_0.tar.bz2",
                "clobber-pynoarch-2-0.1.0-pyh4616a5c_0.tar.bz2",
                "sample_noarch_python-1.0-py_0.conda",
                "flask-0.11.1-py_0.tar.bz2",
                "link-scripts-0.1.0-h4616a5c_0.conda",
                "empty-0.1.0-h4616a5c_0.conda",
                "test-package-0.1-0.tar.bz2",
                "cph_test_data-0.0.1-0.tar.bz2",
                "mock-2.0.0-py37_1000.tar.bz2",
                "conda-index-pkg-a-1.0-pyhed9eced_1.tar.bz2")) {
            Path archive = SHARED.resolve(fn);
            pkgs.add(new PackageToInstall(sharedRecord(archive), archive, null));
        }
        for (long threshold : new long[] {1 << 10, 1 << 20}) {
            compare(pkgs, new PlannerOptions(threshold, 4, 2, 100, 0), "t" + threshold);
        }
        // merging to fit the layer budget decides by bytes: the same with metadata
        compare(pkgs, new PlannerOptions(1 << 10, 16, 4, 5, 0), "merged");
    }

    /** Kit packages: a loser's hardlink to a clobbered file, a clobbered symlink, noarch entry points, both formats. */
    @Test
    void kitPackagesWithHardlinksEntryPointsAndClobbers() throws Exception {
        List<PackageToInstall> pkgs = new ArrayList<>();
        for (ArchiveFormat f : ArchiveFormat.values()) {
            String s = f == ArchiveFormat.CONDA ? "c" : "b";
            pkgs.add(kit(
                    CondaPackageWriter.builder("first-" + s, "1.0", "0")
                            .file("lib/shared-" + s + ".txt", "first", 0644)
                            .hardlink("lib/alias-" + s + ".txt", "lib/shared-" + s + ".txt")
                            .symlink("lib/link-" + s, "shared-" + s + ".txt")
                            .textPrefix("etc/conf-" + s, "prefix=/opt/anaconda1anaconda2anaconda3\n", 0644)
                            .directory("share/empty-" + s)
                            .postLink("echo linked"),
                    f));
            pkgs.add(kit(
                    CondaPackageWriter.builder("second-" + s, "2.0", "0")
                            .file("lib/shared-" + s + ".txt", "second wins", 0644)
                            .file("lib/link-" + s, "a file over a symlink", 0755),
                    f));
            pkgs.add(kit(
                    CondaPackageWriter.builder("tool-" + s, "1.0", "pyh_0")
                            .noarch("python")
                            .file("site-packages/tool_" + s + "/__init__.py", "x = 1\n", 0644)
                            .file("python-scripts/tool-" + s + "-script", "#!python\n", 0755)
                            .entryPoint("tool-" + s + " = tool_" + s + ":main"),
                    f));
        }
        compare(pkgs, new PlannerOptions(1, 4, 2, 100, 0), "kit");
    }

    private PackageToInstall kit(PackageContents c, ArchiveFormat f) throws Exception {
        BuiltPackage p = c.write(tmp.resolve("pkgs"), f);
        return new PackageToInstall(Records.of(p), p.archive(), null);
    }

    private void compare(List<PackageToInstall> pkgs, PlannerOptions options, String label) throws Exception {
        Path staging = tmp.resolve("staging-" + label);
        InstallOptions opts = new InstallOptions("/opt/conda", PY, staging, InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
        InstalledEnvironment env;
        try (Workers w = Workers.of(2)) {
            env = new EnvironmentInstaller(0).install(pkgs, opts, w);
        }
        GroupingPlanner planner = new GroupingPlanner(options);
        List<PlannedLayer> real = planner.plan(env);

        List<PackagePaths> listed = new ArrayList<>();
        for (PackageToInstall p : pkgs) {
            listed.add(PackagePaths.read(p.record(), p.archive(), "/opt/conda", PY));
        }
        MetadataPlan meta = MetadataPlan.of(planner, listed, env.environmentFiles());

        assertEquals(names(real), names(meta.layers()), label);
        Map<String, InstalledPackage> installed = new HashMap<>();
        env.packages().forEach(p -> installed.put(p.record().dist(), p));
        for (int i = 0; i < real.size(); i++) {
            PlannedLayer r = real.get(i);
            PlannedLayer m = meta.layers().get(i);
            assertEquals(dists(r), dists(m), label + " " + r.name());
            assertEquals(r.reason(), m.reason(), label + " " + r.name());
            assertEquals(shape(r), shape(m), label + " " + r.name());
            // written from its own packages, the layer is today's to the entry (content paths included)
            assertEquals(r.entries(), meta.realize(m, installed).entries(), label + " " + r.name());
        }
        Map<String, List<String>> lost = new TreeMap<>();
        for (ClobberResolver.Resolved r : ClobberResolver.resolve(env)) {
            if (!r.lost().isEmpty()) {
                lost.put(r.pkg().record().dist(), List.copyOf(r.lost()));
            }
        }
        assertEquals(lost, new TreeMap<>(meta.lost()), label);
        assertFalse(lost.isEmpty(), "the fixtures clobber");
        // word for word and in order: link scripts, empty symlink targets, missing paths, then clobbering
        assertEquals(env.warnings(), meta.warnings(), label);
        assertTrue(meta.warnings().stream().anyMatch(w -> w.contains(" was not run")), label);
        for (PackagePaths p : listed) {
            assertEquals(
                    p.entries().keySet(),
                    new java.util.TreeSet<>(installed.get(p.record().dist()).entries().stream()
                            .map(TreeEntry::path)
                            .toList()),
                    p.record().dist());
        }
    }

    private static List<String> names(List<PlannedLayer> plan) {
        return plan.stream().map(PlannedLayer::name).toList();
    }

    private static List<String> dists(PlannedLayer l) {
        return l.packages().stream().map(PackageRecord::dist).toList();
    }

    /** Path, kind (a hardlink is a file) and symlink target of each entry: what metadata can know. */
    private static List<String> shape(PlannedLayer l) {
        List<String> out = new ArrayList<>();
        for (TreeEntry e : l.entries()) {
            TreeEntry.Kind k = e.kind() == TreeEntry.Kind.HARDLINK ? TreeEntry.Kind.FILE : e.kind();
            out.add(e.path() + " " + k + (k == TreeEntry.Kind.SYMLINK ? " -> " + e.linkTarget() : ""));
        }
        return out;
    }

    /** A record as the fetcher returns it: sha256 and archive size filled in. */
    private static PackageRecord sharedRecord(Path archive) throws Exception {
        return dev.condock.install.Fixtures.recordFor(archive).toBuilder()
                .sha256(dev.condock.util.Hashing.sha256Hex(Files.readAllBytes(archive)))
                .size(Files.size(archive))
                .build();
    }
}

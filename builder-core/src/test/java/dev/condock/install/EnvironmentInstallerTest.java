package dev.condock.install;

import static dev.condock.install.Fixtures.get;
import static dev.condock.install.Fixtures.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.model.PythonAbi;
import dev.condock.model.TreeEntry;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.pkgbuild.TarMember;
import dev.condock.testing.Records;
import dev.condock.util.CondockException;
import dev.condock.util.Workers;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentInstallerTest {
    @TempDir
    Path tmp;

    private final java.util.List<Workers> workers = new java.util.ArrayList<>();

    private Workers workers(int threads) {
        Workers w = Workers.of(threads);
        workers.add(w);
        return w;
    }

    @org.junit.jupiter.api.AfterEach
    void closeWorkers() {
        workers.forEach(Workers::close);
    }

    private PackageToInstall shared(String fn, String spec) {
        Path archive = Fixtures.PACKAGES.resolve(fn);
        return new PackageToInstall(Fixtures.recordFor(archive), archive, spec);
    }

    private PackageToInstall built(PackageContents c, String spec) throws Exception {
        BuiltPackage b = c.write(tmp.resolve("pkgs"), ArchiveFormat.CONDA);
        return new PackageToInstall(
                Records.of(b).toBuilder()
                        .url("https://conda.anaconda.org/conda-forge/" + b.subdir() + "/" + b.fn())
                        .channel("https://conda.anaconda.org/conda-forge")
                        .build(),
                b.archive(),
                spec);
    }

    private static InstallOptions options(Path staging, PythonAbi python) {
        return new InstallOptions("/opt/conda", python, staging, InstallOptions.DEFAULT_MAX_EXPANDED_BYTES);
    }

    @Test
    void laterPackageWinsAClobberAndBothAreNamed() throws Exception {
        InstalledEnvironment env = new EnvironmentInstaller(0)
                .install(
                        List.of(
                                shared("clobber-with-symlink-a-0.1.0-h4616a5c_0.conda", null),
                                shared("clobber-with-symlink-b-0.1.0-h4616a5c_0.conda", null)),
                        options(tmp, null),
                        workers(2));
        assertEquals(
                List.of("path lib/clobber.so is in both clobber-with-symlink-a-0.1.0-h4616a5c_0 and"
                        + " clobber-with-symlink-b-0.1.0-h4616a5c_0; clobber-with-symlink-b-0.1.0-h4616a5c_0 (installed later)"
                        + " wins"),
                env.warnings());
        // each package keeps its own entry: overlay order (a then b) makes b's the visible one
        assertEquals(
                "clobber-2.txt", get(env.packages().get(0), "lib/clobber.so").linkTarget());
        assertEquals(
                "clobber-1.txt", get(env.packages().get(1), "lib/clobber.so").linkTarget());
        for (InstalledPackage p : env.packages()) {
            assertTrue(text(get(p, "conda-meta/" + p.record().dist() + ".json")).contains("\"lib/clobber.so\""));
        }
    }

    @Test
    void noarchClobberBetweenPythonPackages() throws Exception {
        InstalledEnvironment env = new EnvironmentInstaller(0)
                .install(
                        List.of(
                                shared("clobber-pynoarch-2-0.1.0-pyh4616a5c_0.tar.bz2", null),
                                shared("clobber-pynoarch-1-0.1.0-pyh4616a5c_0.tar.bz2", null)),
                        options(tmp, new PythonAbi("3.12", false)),
                        workers(1));
        assertEquals(
                List.of("path lib/python3.12/site-packages/clobber/clobber.py is in both"
                        + " clobber-pynoarch-2-0.1.0-pyh4616a5c_0 and clobber-pynoarch-1-0.1.0-pyh4616a5c_0;"
                        + " clobber-pynoarch-1-0.1.0-pyh4616a5c_0 (installed later) wins"),
                env.warnings());
    }

    private List<PackageToInstall> mixedEnvironment() throws Exception {
        List<PackageToInstall> pkgs = new ArrayList<>();
        pkgs.add(built(
                CondaPackageWriter.builder("python", "3.12.4", "h1_0_cpython")
                        .textPrefix("bin/python3.12-config", "#!/opt/anaconda1anaconda2anaconda3/bin/sh\n", 0755)
                        .symlink("bin/python", "python3.12")
                        .file("bin/python3.12", "ELF", 0755),
                "python=3.12"));
        pkgs.add(shared("zlib-1.2.11-h7b6447c_3.conda", null));
        pkgs.add(shared("ca-certificates-2024.7.4-hbcca054_0.conda", "ca-certificates"));
        pkgs.add(built(
                CondaPackageWriter.builder("tool", "1.0", "pyh_0")
                        .noarch("python")
                        .file("site-packages/tool/__init__.py", "", 0644)
                        .entryPoint("tool = tool:main"),
                "tool >=1"));
        pkgs.add(shared("mock-2.0.0-py37_1000.tar.bz2", null));
        pkgs.add(shared("cph_test_data-0.0.1-0.tar.bz2", null));
        return pkgs;
    }

    @Test
    void resultDoesNotDependOnThreadCount() throws Exception {
        List<PackageToInstall> pkgs = mixedEnvironment();
        InstalledEnvironment one =
                new EnvironmentInstaller(0).install(pkgs, options(tmp.resolve("1"), null), workers(1));
        InstalledEnvironment many =
                new EnvironmentInstaller(0).install(pkgs, options(tmp.resolve("8"), null), workers(8));
        assertEquals(describe(one), describe(many));
        assertEquals(one.warnings(), many.warnings());
        // python's version decided where noarch packages go and what their entry points run
        InstalledPackage tool = many.packages().get(3);
        assertTrue(Fixtures.entry(tool, "lib/python3.12/site-packages/tool/__init__.py")
                .isPresent());
        assertTrue(text(get(tool, "bin/tool")).startsWith("#!/opt/conda/bin/python3.12\n"));
    }

    private static Map<String, String> describe(InstalledEnvironment env) throws Exception {
        Map<String, String> m = new TreeMap<>();
        for (int i = 0; i < env.packages().size(); i++) {
            for (Map.Entry<String, String> e :
                    Fixtures.snapshot(env.packages().get(i), true).entrySet()) {
                m.put(i + ":" + e.getKey(), e.getValue());
            }
        }
        for (TreeEntry e : env.environmentFiles()) {
            m.put("env:" + e.path(), new String(Fixtures.bytes(e)));
        }
        return m;
    }

    @Test
    void historyIsDatedBySourceDateEpochAndListsEveryPackage() throws Exception {
        InstalledEnvironment env =
                new EnvironmentInstaller(1700000000L).install(mixedEnvironment(), options(tmp, null), workers(3));
        TreeEntry history = env.environmentFiles().get(0);
        assertEquals("conda-meta/history", history.path());
        // sorted like conda's; records without a subdir (here: parsed from file names) show the bare channel
        assertEquals(
                "==> 2023-11-14 22:13:20 <==\n"
                        + "# cmd: condock build\n"
                        + "+conda-forge/linux-64::python-3.12.4-h1_0_cpython\n"
                        + "+conda-forge/noarch::tool-1.0-pyh_0\n"
                        + "+https://example.invalid/channel::ca-certificates-2024.7.4-hbcca054_0\n"
                        + "+https://example.invalid/channel::cph_test_data-0.0.1-0\n"
                        + "+https://example.invalid/channel::mock-2.0.0-py37_1000\n"
                        + "+https://example.invalid/channel::zlib-1.2.11-h7b6447c_3\n"
                        + "# update specs: ['python=3.12', 'ca-certificates', 'tool >=1']\n",
                text(history));
    }

    @Test
    void historyDoesNotDependOnTheTimeZone() {
        java.util.TimeZone saved = java.util.TimeZone.getDefault();
        try {
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("Pacific/Kiritimati"));
            String far = HistoryFile.text(List.of(), 1700000000L);
            java.util.TimeZone.setDefault(java.util.TimeZone.getTimeZone("America/Adak"));
            assertEquals(far, HistoryFile.text(List.of(), 1700000000L));
            assertTrue(far.startsWith("==> 2023-11-14 22:13:20 <==\n"));
        } finally {
            java.util.TimeZone.setDefault(saved);
        }
    }

    @Test
    void historyWithoutSourceDateEpochIsTheEpoch() {
        assertTrue(HistoryFile.text(List.of(), 0).startsWith("==> 1970-01-01 00:00:00 <==\n"));
    }

    @Test
    void aPackageListedTwiceIsAUserError() {
        CondockException e = assertThrows(
                CondockException.class,
                () -> new EnvironmentInstaller(0)
                        .install(
                                List.of(
                                        shared("zlib-1.2.11-h7b6447c_3.conda", null),
                                        shared("zlib-1.2.11-h1de35cc_3.conda", null)),
                                options(tmp, null),
                                workers(2)));
        assertEquals(
                "package zlib is listed twice (zlib-1.2.11-h7b6447c_3 and zlib-1.2.11-h1de35cc_3)", e.getMessage());
    }

    @Test
    void theErrorReportedIsTheFirstBadPackageInInstallOrder() throws Exception {
        Path bad1 = Fixtures.rawPackage(
                tmp.resolve("bad"),
                "bad1-1-0",
                ArchiveFormat.CONDA,
                List.of(TarMember.file("/etc/x", new byte[1], 0644)));
        Path bad2 = Fixtures.rawPackage(
                tmp.resolve("bad"),
                "bad2-1-0",
                ArchiveFormat.CONDA,
                List.of(TarMember.file("../x", new byte[1], 0644)));
        List<PackageToInstall> pkgs = new ArrayList<>(mixedEnvironment());
        pkgs.add(new PackageToInstall(Fixtures.recordFor(bad1), bad1, null));
        pkgs.add(new PackageToInstall(Fixtures.recordFor(bad2), bad2, null));
        for (int threads : new int[] {1, 8}) {
            CondockException e = assertThrows(
                    CondockException.class,
                    () -> new EnvironmentInstaller(0)
                            .install(pkgs, options(tmp.resolve("t" + threads), null), workers(threads)));
            assertEquals("package bad1-1-0: refusing archive member '/etc/x': has an absolute path", e.getMessage());
        }
    }

    @Test
    void symlinkChainsAcrossPackagesMustStayInside() throws Exception {
        PackageToInstall a = built(CondaPackageWriter.builder("a", "1", "0").symlink("lib/root", ".."), null);
        PackageToInstall b =
                built(CondaPackageWriter.builder("b", "1", "0").symlink("escape", "lib/root/../etc"), null);
        CondockException e = assertThrows(
                CondockException.class,
                () -> new EnvironmentInstaller(0).install(List.of(a, b), options(tmp, null), workers(2)));
        assertEquals(
                "package b-1-0: symlink escape -> 'lib/root/../etc' leaves the prefix once combined with the"
                        + " other packages' symlinks",
                e.getMessage());
    }
}

package dev.condock.install;

import com.github.luben.zstd.ZstdInputStream;
import dev.condock.model.PythonAbi;
import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.pkgbuild.PackageContents;
import dev.condock.testing.Records;
import dev.condock.testkit.Scratch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;

/**
 * Not a unit test: {@code java -cp ... dev.condock.install.InstallBenchmark [packages] [MiB per package]}.
 * Installs a synthetic environment and prints its time as a ratio to a baseline measured in the same run:
 * plain extraction of the same archives (decompress + untar + write each member to disk, nothing else).
 * A ratio near 1 means the installer's own work (checks, hashing, placement, conda-meta) costs little.
 */
public final class InstallBenchmark {
    public static void main(String[] args) throws Exception {
        int packages = args.length > 0 ? Integer.parseInt(args[0]) : 24;
        int mib = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path dir = Scratch.dir("condock-install-bench");
        for (ArchiveFormat format : ArchiveFormat.values()) {
            List<PackageToInstall> env = environment(dir.resolve(format.name()), packages, mib, format);
            long base = Long.MAX_VALUE;
            long[] inst = new long[3];
            int[] threads = {1, 2, 4};
            java.util.Arrays.fill(inst, Long.MAX_VALUE);
            for (int round = 0; round < 3; round++) { // best of 3: the machine is shared
                base = Math.min(base, time(() -> baseline(env, dir.resolve("base"))));
                for (int t = 0; t < threads.length; t++) {
                    int n = threads[t];
                    Path staging = dir.resolve("staging-" + n);
                    inst[t] = Math.min(inst[t], time(() -> {
                        try (dev.condock.util.Workers w = dev.condock.util.Workers.of(n)) {
                            new EnvironmentInstaller(0)
                                    .install(
                                            env,
                                            new InstallOptions(
                                                    "/opt/conda",
                                                    new PythonAbi("3.11", false),
                                                    staging,
                                                    InstallOptions.DEFAULT_MAX_EXPANDED_BYTES),
                                            w);
                        }
                    }));
                }
            }
            System.out.printf(
                    "%s: %d packages x %d MiB; baseline plain extraction %d ms%n",
                    format, packages, mib, base / 1_000_000);
            for (int t = 0; t < threads.length; t++) {
                System.out.printf(
                        "  install threads=%d: %d ms, ratio to baseline %.2f%n",
                        threads[t], inst[t] / 1_000_000, (double) inst[t] / base);
            }
        }
        dev.condock.util.FileTrees.delete(dir);
    }

    interface Work {
        void run() throws Exception;
    }

    private static long time(Work w) throws Exception {
        long t0 = System.nanoTime();
        w.run();
        return System.nanoTime() - t0;
    }

    /** Packages like real ones: a large binary with a placeholder, text files, scripts, symlinks. */
    private static List<PackageToInstall> environment(Path dir, int n, int mib, ArchiveFormat format)
            throws IOException {
        Random rnd = new Random(42);
        List<PackageToInstall> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            byte[] lib = new byte[mib << 20];
            // half random (incompressible), half text-like: compresses roughly like real shared libraries
            for (int j = 0; j < lib.length; j++) {
                lib[j] = j % 2 == 0 ? (byte) rnd.nextInt(256) : (byte) ('a' + j % 26);
            }
            byte[] ph = (CondaPackageWriter.DEFAULT_PLACEHOLDER + "/lib\0").getBytes();
            System.arraycopy(ph, 0, lib, 1000, ph.length);
            PackageContents c = CondaPackageWriter.builder("pkg" + i, "1.0", "h0_0")
                    .binaryPrefix("lib/libpkg" + i + ".so.1.0", lib, 0755, CondaPackageWriter.DEFAULT_PLACEHOLDER)
                    .symlink("lib/libpkg" + i + ".so", "libpkg" + i + ".so.1.0");
            for (int f = 0; f < 200; f++) {
                c.file("include/pkg" + i + "/h" + f + ".h", ("#define X" + f + " " + f + "\n").repeat(40), 0644);
            }
            c.textPrefix(
                    "bin/pkg" + i + "-config",
                    "#!/bin/sh\necho " + CondaPackageWriter.DEFAULT_PLACEHOLDER + "\n",
                    0755);
            BuiltPackage b = c.write(dir, format);
            out.add(new PackageToInstall(Records.of(b), b.archive(), null));
        }
        return out;
    }

    /** The floor: decompress and write every member, with no checks, hashing or metadata. */
    private static void baseline(List<PackageToInstall> env, Path dir) throws IOException {
        int[] counter = {0};
        Files.createDirectories(dir);
        for (PackageToInstall p : env) {
            String fn = p.archive().getFileName().toString();
            if (fn.endsWith(".conda")) {
                try (ZipFile zip = new ZipFile(p.archive().toFile())) {
                    for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                        ZipEntry e = en.nextElement();
                        if (e.getName().endsWith(".tar.zst")) {
                            untar(
                                    new ZstdInputStream(new BufferedInputStream(zip.getInputStream(e), 1 << 16)),
                                    dir,
                                    counter);
                        }
                    }
                }
            } else {
                untar(
                        new BZip2CompressorInputStream(
                                new BufferedInputStream(Files.newInputStream(p.archive()), 1 << 16)),
                        dir,
                        counter);
            }
        }
        dev.condock.util.FileTrees.delete(dir);
    }

    private static void untar(InputStream in, Path dir, int[] counter) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                if (e.isFile()) {
                    Files.copy(tar, dir.resolve(Integer.toString(counter[0]++)));
                }
            }
        }
    }
}

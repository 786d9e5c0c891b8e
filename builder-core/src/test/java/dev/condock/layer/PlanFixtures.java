package dev.condock.layer;

import dev.condock.install.InstalledEnvironment;
import dev.condock.install.InstalledPackage;
import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Installed environments made by code: each file's bytes name its package, so a winner is visible. */
final class PlanFixtures {
    private PlanFixtures() {}

    static PackageRecord record(String name, String version, long size) {
        return PackageRecord.builder(name, version, "0")
                .size(size)
                .sha256(dev.condock.util.Hashing.sha256Hex((name + version).getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    /** A package with its conda-meta record and the given files (content = "dist:path"). */
    static InstalledPackage pkg(Path dir, PackageRecord r, String... paths) throws IOException {
        List<TreeEntry> es = new ArrayList<>();
        List<String> all = new ArrayList<>(List.of(paths));
        all.add("conda-meta/" + r.dist() + ".json");
        for (String p : all) {
            Path f = dir.resolve(r.dist() + "/" + p.replace('/', '_'));
            Files.createDirectories(f.getParent());
            byte[] b = (r.dist() + ":" + p).getBytes(StandardCharsets.UTF_8);
            Files.write(f, b);
            es.add(TreeEntry.file(p, 0644, f, b.length));
        }
        es.sort(java.util.Comparator.comparing(TreeEntry::path));
        return new InstalledPackage(r, es, List.of(), List.of());
    }

    static InstalledEnvironment env(Path dir, List<InstalledPackage> pkgs) throws IOException {
        Path h = dir.resolve("history");
        Files.writeString(h, "==> history\n");
        return new InstalledEnvironment(pkgs, List.of(TreeEntry.file("conda-meta/history", 0644, h, 12)), List.of());
    }

    /**
     * A random environment: n packages, sizes spread from 1 KiB to 1 GiB (log-uniform), a few runtime names, and
     * with {@code clobbers} some packages writing a path another one writes too.
     */
    static InstalledEnvironment random(Path dir, Random rnd, int n, boolean clobbers) throws IOException {
        List<InstalledPackage> pkgs = new ArrayList<>();
        String[] runtime = {"python", "cuda-cudart", "libgcc-ng", "mkl", "libcublas", "openssl"};
        for (int i = 0; i < n; i++) {
            String name = i < runtime.length ? runtime[i] : "pkg" + i;
            long size = (long) Math.pow(2, 10 + rnd.nextDouble() * 20);
            List<String> files = new ArrayList<>();
            files.add("lib/" + name + "/a.so");
            files.add("share/" + name + "/data");
            if (clobbers && i > 0 && rnd.nextInt(4) == 0) {
                int other = rnd.nextInt(i);
                String otherName = other < runtime.length ? runtime[other] : "pkg" + other;
                files.add("lib/" + otherName + "/a.so");
                files.add("bin/shared-tool");
            }
            pkgs.add(pkg(dir, record(name, "1." + i, size), files.toArray(String[]::new)));
        }
        return env(dir, pkgs);
    }
}

package dev.condock.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.solve.Resolution;
import dev.condock.solve.ResolveOptions;
import dev.condock.solve.Resolver;
import dev.condock.solve.SolvedPackage;
import dev.condock.spec.EnvironmentSpec;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Solve -> LockWriter -> LockReader gives back the same packages, hashes and URLs, for both lock kinds. */
class LockRoundTripTest {
    @TempDir
    Path tmp;

    private static String rec(String name, String version, String build, String md5, String sha, String... deps) {
        StringBuilder d = new StringBuilder();
        for (String x : deps)
            d.append(d.length() > 0 ? "," : "").append('"').append(x).append('"');
        return "\"" + name + "-" + version + "-" + build + ".conda\":{\"name\":\"" + name + "\",\"version\":\""
                + version
                + "\",\"build\":\"" + build + "\",\"build_number\":0,\"md5\":\"" + md5 + "\",\"sha256\":\"" + sha
                + "\",\"depends\":[" + d + "]}";
    }

    private Resolution resolve(List<String> platforms) throws Exception {
        Path ch = tmp.resolve("chan");
        for (String sub : List.of("linux-64", "osx-arm64", "noarch")) Files.createDirectories(ch.resolve(sub));
        String md5 = "0123456789abcdef0123456789abcdef";
        String sha = "ab".repeat(32);
        Files.writeString(
                ch.resolve("linux-64/repodata.json"),
                "{\"packages.conda\":{"
                        + rec("app", "1.0", "h1_0", md5, sha, "libz >=1.2", "py-helper") + ","
                        + rec("libz", "1.3", "h2_0", md5, sha, "__glibc >=2.17") + "}}");
        Files.writeString(
                ch.resolve("osx-arm64/repodata.json"),
                "{\"packages.conda\":{"
                        + rec("app", "1.0", "h3_0", md5, sha, "libz >=1.2", "py-helper") + ","
                        + rec("libz", "1.3", "h4_0", md5, sha) + "}}");
        Files.writeString(
                ch.resolve("noarch/repodata.json"),
                "{\"packages\":{" + rec("py-helper", "0.5", "pyh_0", md5, sha).replace(".conda\"", ".tar.bz2\"")
                        + "}}");
        EnvironmentSpec env = EnvironmentSpec.parse(
                new StringReader("channels: [" + ch.toUri() + "]\ndependencies: [app]\n"), "environment.yml");
        List<Platform> ps = new java.util.ArrayList<>();
        for (String p : platforms) ps.add(Platform.of(p));
        return Resolver.resolve(env, ResolveOptions.forPlatforms(ps));
    }

    private static Set<String> keys(List<PackageRecord> recs) {
        Set<String> s = new TreeSet<>();
        for (PackageRecord r : recs) s.add(r.dist() + " " + r.url() + " " + r.md5() + " " + r.sha256());
        return s;
    }

    private static Set<String> keysOf(List<SolvedPackage> ps) {
        return keys(ps.stream().map(SolvedPackage::record).toList());
    }

    @Test
    void condaLockRoundTripsEveryPlatform() throws Exception {
        Resolution r = resolve(List.of("linux-64", "osx-arm64"));
        Path lock = tmp.resolve("conda-lock.yml");
        LockWriter.write(lock, LockWriter.condaLockYaml(r, List.of("environment.yml")));
        for (String p : List.of("linux-64", "osx-arm64")) {
            LockFile lf = LockReader.read(lock, Platform.of(p));
            assertEquals(keysOf(r.packages().get(p)), keys(lf.packages()), p);
            assertEquals(3, lf.packages().size());
        }
    }

    @Test
    void explicitRoundTripsInInstallOrder() throws Exception {
        Resolution r = resolve(List.of("linux-64"));
        Path f = tmp.resolve("explicit.txt");
        LockWriter.write(f, LockWriter.explicit(r, Platform.LINUX_64));
        LockFile lf = LockReader.read(f, Platform.LINUX_64);
        List<String> want = r.packages().get("linux-64").stream()
                .map(p -> p.record().dist())
                .toList();
        assertEquals(want, lf.packages().stream().map(PackageRecord::dist).toList());
        assertEquals(List.of("libz-1.3-h2_0", "py-helper-0.5-pyh_0", "app-1.0-h1_0"), want);
        // @EXPLICIT carries one hash a line: sha256 when repodata has it, else md5; URL and hash survive
        for (int i = 0; i < want.size(); i++) {
            PackageRecord solved = r.packages().get("linux-64").get(i).record();
            assertEquals(solved.url(), lf.packages().get(i).url());
            if (solved.sha256() != null) {
                assertEquals(solved.sha256(), lf.packages().get(i).sha256());
            } else {
                assertEquals(solved.md5(), lf.packages().get(i).md5());
            }
        }
    }
}

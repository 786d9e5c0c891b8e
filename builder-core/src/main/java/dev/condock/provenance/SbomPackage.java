package dev.condock.provenance;

import dev.condock.model.PackageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One package an SBOM lists, whatever installed it: conda now, pip once builds install pip packages (their records
 * then come here with manager "pypi"). Dependencies are names, matched within the same manager's packages.
 *
 * @param manager  "conda" or "pypi": the purl type and the namespace names are matched in
 * @param name     the package name
 * @param version  its version
 * @param purl     its package URL
 * @param url      where it was downloaded from (credentials stripped), or null
 * @param sha256   hex sha256 of the archive, or null when the lock does not pin it
 * @param license  the license as the package record states it, or null
 * @param depends  names of the packages it depends on (not yet matched against the set)
 */
public record SbomPackage(
        String manager,
        String name,
        String version,
        String purl,
        String url,
        String sha256,
        String license,
        List<String> depends) {
    public static final String CONDA = "conda";
    public static final String PYPI = "pypi";

    public SbomPackage {
        depends = List.copyOf(depends);
    }

    /** A conda package from its record (channel, build, subdir and archive type go into the purl). */
    public static SbomPackage conda(PackageRecord r) {
        List<String> deps = new ArrayList<>();
        for (String d : r.depends()) {
            String n = d.strip().split("[ =<>!~\\[]", 2)[0];
            if (!n.isEmpty() && !n.startsWith("__")) {
                deps.add(n);
            }
        }
        return new SbomPackage(
                CONDA,
                r.name(),
                r.version(),
                Purls.conda(r),
                GitSource.stripCredentials(r.url()),
                r.sha256(),
                r.license(),
                deps);
    }

    /** A pip package (name normalized as PyPI does: lower case, runs of -_. as one -). */
    public static SbomPackage pypi(
            String name, String version, String url, String sha256, String license, List<String> depends) {
        String n = name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
        return new SbomPackage(PYPI, n, version, Purls.pypi(n, version), url, sha256, license, depends);
    }
}

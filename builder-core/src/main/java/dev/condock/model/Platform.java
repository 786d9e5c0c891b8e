package dev.condock.model;

import dev.condock.util.CondockException;
import java.util.List;

/** A conda subdir ("linux-64") and the OCI os/architecture/variant it maps to. */
public record Platform(String subdir, String os, String architecture, String variant) {

    private static final List<Platform> KNOWN = List.of(
            new Platform("linux-64", "linux", "amd64", null),
            new Platform("linux-aarch64", "linux", "arm64", null),
            new Platform("linux-ppc64le", "linux", "ppc64le", null),
            new Platform("linux-s390x", "linux", "s390x", null),
            new Platform("linux-armv7l", "linux", "arm", "v7"),
            new Platform("linux-32", "linux", "386", null),
            new Platform("osx-64", "darwin", "amd64", null),
            new Platform("osx-arm64", "darwin", "arm64", null),
            new Platform("win-64", "windows", "amd64", null));

    public static final Platform LINUX_64 = KNOWN.get(0);

    public static Platform of(String subdir) throws CondockException {
        for (Platform p : KNOWN) {
            if (p.subdir.equals(subdir)) {
                return p;
            }
        }
        throw CondockException.user("unknown platform '" + subdir + "' (known: "
                + String.join(", ", KNOWN.stream().map(Platform::subdir).toList()) + ")");
    }

    public static List<Platform> known() {
        return KNOWN;
    }

    public boolean isWindows() {
        return os.equals("windows");
    }
}

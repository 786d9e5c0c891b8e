package dev.condock.solve;

import dev.condock.model.PackageRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The virtual packages a target platform offers, from flags only (never from the machine that builds):
 * {@code __unix}/{@code __linux}/{@code __osx}/{@code __win}, {@code __glibc} (default 2.17, conda-lock's
 * default for linux, overridden by {@code --glibc}), {@code __cuda} only with {@code --cuda},
 * {@code __archspec} with the platform's base architecture as build string.
 */
public final class VirtualPackages {
    private VirtualPackages() {}

    public static final String DEFAULT_GLIBC = "2.17";
    /** conda-lock's defaults where no kernel can be asked: packages that need {@code __linux >=4.18} must solve. */
    public static final String DEFAULT_LINUX = "5.10";
    public static final String DEFAULT_OSX = "11.0";

    public static List<PackageRecord> forPlatform(String platform, String cuda, String glibc, String archspec) {
        List<PackageRecord> out = new ArrayList<>();
        String os = platform.contains("-") ? platform.substring(0, platform.indexOf('-')) : platform;
        String arch = platform.contains("-") ? platform.substring(platform.indexOf('-') + 1) : "";
        switch (os) {
            case "linux" -> {
                out.add(v("__unix", "0", "0"));
                out.add(v("__linux", DEFAULT_LINUX, "0"));
                out.add(v("__glibc", glibc == null ? DEFAULT_GLIBC : glibc, "0"));
            }
            case "osx" -> {
                out.add(v("__unix", "0", "0"));
                out.add(v("__osx", DEFAULT_OSX, "0"));
            }
            case "win" -> out.add(v("__win", "0", "0"));
            default -> { }
        }
        if (cuda != null) out.add(v("__cuda", cuda, "0"));
        String a = archspec != null ? archspec : switch (arch) {
            case "64" -> "x86_64";
            case "32" -> "x86";
            case "aarch64" -> "aarch64";
            case "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            default -> null;
        };
        if (a != null) out.add(v("__archspec", "1", a));
        return out;
    }

    private static PackageRecord v(String name, String version, String build) {
        return new PackageRecord(name, version, build, 0, "@", null, null, "@", null, null, 0, 0,
                List.of(), List.of(), null, null, List.of(), null);
    }
}

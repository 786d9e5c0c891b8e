package dev.condock.base;

import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.util.CondockException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The virtual packages the target image offers, decided by the base and the platform, never by the machine
 * that builds: a CPU-only CI runner building on an nvidia/cuda base gets {@code __cuda}. Declared values
 * (condock.yaml {@code virtual_packages}, {@code --virtual-package}) override; an empty declared value removes one.
 */
public final class VirtualPackages {
    /** conda's default for {@code __linux} when it cannot ask a kernel; a declared value overrides it. */
    public static final String DEFAULT_LINUX = dev.condock.solve.VirtualPackages.DEFAULT_LINUX;

    private VirtualPackages() {}

    /** name → version ("__archspec" → "1=x86_64": version=build, as conda prints it). */
    public static Map<String, String> resolve(Platform platform, BaseContents base, Map<String, String> declared)
            throws CondockException {
        Map<String, String> v = new TreeMap<>();
        if (platform.os().equals("linux")) {
            v.put("__linux", DEFAULT_LINUX);
            v.put("__unix", "0");
            if (base.glibc() != null) {
                v.put("__glibc", base.glibc());
            }
        } else if (platform.os().equals("darwin")) {
            v.put("__osx", dev.condock.solve.VirtualPackages.DEFAULT_OSX);
            v.put("__unix", "0");
        } else if (platform.isWindows()) {
            v.put("__win", "0");
        }
        v.put("__archspec", "1=" + archspec(platform));
        if (base.cuda() != null) {
            v.put("__cuda", base.cuda());
        }
        for (Map.Entry<String, String> e : declared.entrySet()) {
            if (!e.getKey().startsWith("__")) {
                throw CondockException.user("virtual package '" + e.getKey() + "' must start with __");
            }
            if (e.getValue().isBlank()) {
                v.remove(e.getKey());
            } else {
                v.put(e.getKey(), e.getValue());
            }
        }
        return v;
    }

    /** As records for the solver: version and build split at the first '='. */
    public static List<PackageRecord> records(Map<String, String> resolved) {
        List<PackageRecord> out = new ArrayList<>();
        resolved.forEach((name, value) -> {
            int eq = value.indexOf('=');
            out.add(PackageRecord.of(name, eq < 0 ? value : value.substring(0, eq),
                    eq < 0 ? "0" : value.substring(eq + 1)));
        });
        return out;
    }

    /** "__archspec=1=x86_64 __cuda=12.4 ...": how builds print them and the label records them. */
    public static String describe(Map<String, String> resolved) {
        return resolved.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static String archspec(Platform p) {
        return switch (p.subdir()) {
            case "linux-64", "osx-64", "win-64" -> "x86_64";
            case "linux-aarch64" -> "aarch64";
            case "osx-arm64" -> "arm64";
            case "linux-ppc64le" -> "ppc64le";
            case "linux-s390x" -> "s390x";
            case "linux-armv7l" -> "armv7l";
            case "linux-32" -> "i686";
            default -> p.architecture();
        };
    }
}

package dev.condock.model;

import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The virtual packages a target image offers ({@code __glibc}, {@code __cuda}, ...): one value that the solver,
 * the build's printout and the image label all read, so what is printed is what was solved. Decided by the
 * platform's defaults, then the base image, then what the user declares (condock.yaml {@code virtual_packages:},
 * then flags), never by the machine that builds: a CPU-only CI runner building on a CUDA base gets
 * {@code __cuda}. A declared empty value removes one.
 *
 * @param packages name → package, sorted by name
 */
public record VirtualPackages(SortedMap<String, VirtualPackage> packages) {
    /** conda-lock's defaults where no kernel can be asked: packages that need {@code __linux >=4.18} must solve. */
    public static final String DEFAULT_LINUX = "5.10";

    public static final String DEFAULT_OSX = "11.0";
    /** conda-lock's default {@code __glibc} for linux when neither the base nor the user says. */
    public static final String DEFAULT_GLIBC = "2.17";

    /** One virtual package: {@code __archspec} has version 1 and the architecture as its build. */
    public record VirtualPackage(String name, String version, String build) {
        /** As a record the solver treats like any other installed package. */
        public PackageRecord record() {
            // subdir and channel "@": conda's marker for records that are not real packages
            return PackageRecord.builder(name, version, build)
                    .buildNumber(0)
                    .subdir("@")
                    .channel("@")
                    .size(0)
                    .timestamp(0)
                    .build();
        }

        /** "1=x86_64" for a non-trivial build, else the version: how conda prints them. */
        public String value() {
            return build.equals("0") ? version : version + "=" + build;
        }
    }

    public VirtualPackages {
        packages = Collections.unmodifiableSortedMap(new TreeMap<>(packages));
    }

    /** What {@code platform} offers before anything is known of the base or declared. */
    public static VirtualPackages defaults(Platform platform) {
        SortedMap<String, VirtualPackage> v = new TreeMap<>();
        switch (platform.os()) {
            case "linux" -> {
                put(v, "__unix", "0");
                put(v, "__linux", DEFAULT_LINUX);
                put(v, "__glibc", DEFAULT_GLIBC);
            }
            case "darwin" -> {
                put(v, "__unix", "0");
                put(v, "__osx", DEFAULT_OSX);
            }
            case "windows" -> put(v, "__win", "0");
            default -> {}
        }
        v.put("__archspec", new VirtualPackage("__archspec", "1", archspec(platform)));
        return new VirtualPackages(v);
    }

    /** These, with the base image's glibc and CUDA (either may be null: unknown, keep the default). */
    public VirtualPackages withBase(String glibc, String cuda) {
        SortedMap<String, VirtualPackage> v = new TreeMap<>(packages);
        if (glibc != null && v.containsKey("__glibc")) {
            put(v, "__glibc", glibc);
        }
        if (cuda != null) {
            put(v, "__cuda", cuda);
        }
        return new VirtualPackages(v);
    }

    /**
     * These, overridden by declared values ("__cuda" → "12.4", "__archspec" → "1=x86_64_v3" or "x86_64_v3"); an
     * empty value removes the package. Names must start with {@code __}.
     *
     * @param where what declared them, for messages ("condock.yaml", "--virtual-package")
     */
    public VirtualPackages withDeclared(Map<String, String> declared, String where) throws CondockException {
        SortedMap<String, VirtualPackage> v = new TreeMap<>(packages);
        for (Map.Entry<String, String> e : new TreeMap<>(declared).entrySet()) {
            String name = e.getKey();
            String value = e.getValue() == null ? "" : e.getValue().strip();
            if (!name.startsWith("__") || name.length() < 3 || !name.matches("__[a-z0-9_]+")) {
                throw CondockException.user(
                        where + ": virtual package '" + name + "' must be __ and a lower-case " + "name, like __cuda");
            }
            if (value.isEmpty()) {
                v.remove(name);
            } else if (name.equals("__archspec") && !value.contains("=")) {
                v.put(name, new VirtualPackage(name, "1", value));
            } else {
                int eq = value.indexOf('=');
                String version = eq < 0 ? value : value.substring(0, eq);
                String build = eq < 0 ? "0" : value.substring(eq + 1);
                if (version.isEmpty() || build.isEmpty() || version.contains(" ") || build.contains(" ")) {
                    throw CondockException.user(where + ": virtual package " + name + ": expected VERSION or "
                            + "VERSION=BUILD, got '" + value + "'");
                }
                v.put(name, new VirtualPackage(name, version, build));
            }
        }
        return new VirtualPackages(v);
    }

    /** The version of {@code name}, if offered. */
    public Optional<String> version(String name) {
        return Optional.ofNullable(packages.get(name)).map(VirtualPackage::version);
    }

    /** As records for the solver. */
    public List<PackageRecord> records() {
        List<PackageRecord> out = new ArrayList<>();
        packages.values().forEach(p -> out.add(p.record()));
        return out;
    }

    /** "__archspec=1=x86_64 __cuda=12.4 ...": how builds print them and the label records them. */
    public String describe() {
        return packages.values().stream().map(p -> p.name() + "=" + p.value()).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void put(Map<String, VirtualPackage> v, String name, String version) {
        v.put(name, new VirtualPackage(name, version, "0"));
    }

    static String archspec(Platform p) {
        return switch (p.subdir()) {
            case "linux-64", "osx-64", "win-64" -> "x86_64";
            case "linux-aarch64" -> "aarch64";
            case "osx-arm64" -> "arm64";
            case "linux-ppc64le" -> "ppc64le";
            case "linux-s390x" -> "s390x";
            case "linux-armv7l" -> "armv7l";
            case "linux-32" -> "x86";
            default -> p.architecture();
        };
    }
}

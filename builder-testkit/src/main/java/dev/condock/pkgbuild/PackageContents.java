package dev.condock.pkgbuild;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/** What goes into a package written by {@link CondaPackageWriter}: metadata and prefix-relative items. */
public final class PackageContents {
    enum Kind {
        FILE,
        DIRECTORY,
        SYMLINK,
        HARDLINK
    }

    /** One path of the package; {@code placeholder} non-null marks a file needing prefix replacement. */
    record Item(String path, Kind kind, byte[] data, int mode, String target, String placeholder, boolean binary) {}

    final String name;
    final String version;
    final String build;
    long buildNumber;
    String subdir = "linux-64";
    String noarch;
    String license;
    long timestamp = 1577836800000L;
    List<String> depends = List.of();
    List<String> constrains = List.of();
    boolean legacy;
    final List<String> entryPoints = new ArrayList<>();
    final Map<String, Item> items = new TreeMap<>();
    final Map<String, byte[]> extraInfo = new TreeMap<>();

    PackageContents(String name, String version, String build) {
        this.name = Objects.requireNonNull(name);
        this.version = Objects.requireNonNull(version);
        this.build = Objects.requireNonNull(build);
        String[] tail = build.split("_");
        try {
            buildNumber = Long.parseLong(tail[tail.length - 1]);
        } catch (NumberFormatException e) {
            buildNumber = 0;
        }
    }

    String dist() {
        return name + "-" + version + "-" + build;
    }

    public PackageContents buildNumber(long n) {
        this.buildNumber = n;
        return this;
    }

    public PackageContents subdir(String s) {
        this.subdir = s;
        return this;
    }

    /** "python" for a noarch python package (also sets subdir noarch), "generic", or null. */
    public PackageContents noarch(String kind) {
        this.noarch = kind;
        if (kind != null) {
            this.subdir = "noarch";
        }
        return this;
    }

    public PackageContents license(String l) {
        this.license = l;
        return this;
    }

    /** Milliseconds since the epoch, as in index.json. */
    public PackageContents timestamp(long millis) {
        this.timestamp = millis;
        return this;
    }

    public PackageContents depends(String... specs) {
        this.depends = List.of(specs);
        return this;
    }

    public PackageContents constrains(String... specs) {
        this.constrains = List.of(specs);
        return this;
    }

    /** Old-style package: info/files and info/has_prefix only, no info/paths.json. */
    public PackageContents legacy(boolean on) {
        this.legacy = on;
        return this;
    }

    public PackageContents file(String path, byte[] data, int mode) {
        return put(new Item(path, Kind.FILE, data.clone(), mode, null, null, false));
    }

    public PackageContents file(String path, String text, int mode) {
        return file(path, text.getBytes(StandardCharsets.UTF_8), mode);
    }

    /** A text file whose every occurrence of the default placeholder is replaced by the prefix. */
    public PackageContents textPrefix(String path, String text, int mode) {
        return textPrefix(path, text.getBytes(StandardCharsets.UTF_8), mode, CondaPackageWriter.DEFAULT_PLACEHOLDER);
    }

    public PackageContents textPrefix(String path, byte[] data, int mode, String placeholder) {
        return put(new Item(path, Kind.FILE, data.clone(), mode, null, placeholder, false));
    }

    /** A binary file whose NUL-terminated strings holding the placeholder are rewritten and NUL-padded. */
    public PackageContents binaryPrefix(String path, byte[] data, int mode, String placeholder) {
        return put(new Item(path, Kind.FILE, data.clone(), mode, null, placeholder, true));
    }

    public PackageContents symlink(String path, String target) {
        return put(new Item(path, Kind.SYMLINK, null, 0777, target, null, false));
    }

    /** A second name for the file at {@code target} (a package path), stored as a tar hardlink. */
    public PackageContents hardlink(String path, String target) {
        Item t = items.get(target);
        if (t == null || t.kind() != Kind.FILE) {
            throw new IllegalArgumentException("hardlink " + path + ": no file " + target + " added before it");
        }
        return put(new Item(path, Kind.HARDLINK, null, t.mode(), target, null, false));
    }

    /** An empty directory (paths.json path_type "directory"). */
    public PackageContents directory(String path) {
        return put(new Item(path, Kind.DIRECTORY, null, 0755, null, null, false));
    }

    /** A noarch python entry point, "name = module:function". */
    public PackageContents entryPoint(String spec) {
        entryPoints.add(spec);
        return this;
    }

    /** A post-link script, {@code bin/.<name>-post-link.sh}, which an installer must list and never run. */
    public PackageContents postLink(String script) {
        return file("bin/." + name + "-post-link.sh", script, 0755);
    }

    /** An extra member under info/ ("info/about.json"). */
    public PackageContents info(String memberName, byte[] data) {
        extraInfo.put(memberName, data.clone());
        return this;
    }

    public CondaPackageWriter build() {
        return CondaPackageWriter.of(this);
    }

    /** Shortcut: build().write(dir, format). */
    public BuiltPackage write(Path dir, ArchiveFormat format) throws IOException {
        return build().write(dir, format);
    }

    byte[] contentOf(Item it) {
        return it.kind() == Kind.HARDLINK ? items.get(it.target()).data() : it.data();
    }

    private PackageContents put(Item item) {
        if (item.path().startsWith("/") || item.path().startsWith("info/")) {
            throw new IllegalArgumentException("package path must be prefix-relative, outside info/: " + item.path());
        }
        items.put(item.path(), item);
        return this;
    }
}

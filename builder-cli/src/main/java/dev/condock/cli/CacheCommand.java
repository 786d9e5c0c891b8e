package dev.condock.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.cache.CacheStore;
import dev.condock.fetch.PackageFetcher;
import dev.condock.util.CondockException;
import dev.condock.util.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code condock cache info|verify|prune}: the package and layer cache that builds share. */
@Command(
        name = "cache",
        mixinStandardHelpOptions = true,
        description = "Inspect, verify and prune the cache.",
        subcommands = {CacheCommand.Info.class, CacheCommand.Verify.class, CacheCommand.Prune.class})
public final class CacheCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "cache: give a subcommand: info, verify or prune");
    }

    /** The options every subcommand has. */
    static class Common {
        @Option(
                names = "--cache",
                paramLabel = "DIR",
                description = "package and layer cache (default: $CONDOCK_CACHE or ~/.cache/condock)")
        Path cache;

        Path root() {
            return cache != null ? cache : PackageFetcher.defaultCacheRoot();
        }

        static CondockException failed(Path root, IOException e) {
            return CondockException.environment("cache " + root + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Size of the cache per kind of entry.")
    static final class Info extends Common implements Callable<Integer> {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws CondockException {
            CacheStore.Info info;
            try {
                info = new CacheStore(root()).info();
            } catch (IOException e) {
                throw failed(root(), e);
            }
            if (json) {
                ObjectNode n = Json.PRETTY.createObjectNode();
                n.put("root", info.root().toString());
                ObjectNode kinds = n.putObject("kinds");
                for (CacheStore.Kind k : info.kinds()) {
                    kinds.putObject(k.name()).put("files", k.files()).put("bytes", k.bytes());
                }
                n.put("totalBytes", info.totalBytes());
                System.out.println(n.toPrettyString());
            } else {
                System.out.println("cache " + info.root());
                for (CacheStore.Kind k : info.kinds()) {
                    System.out.printf(Locale.ROOT, "  %-10s %8d files %12s%n", k.name(), k.files(), human(k.bytes()));
                }
                System.out.printf(Locale.ROOT, "  %-10s %27s%n", "total", human(info.totalBytes()));
            }
            return 0;
        }
    }

    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Hash every entry; remove the bad ones (exit 1 when any were).")
    static final class Verify extends Common implements Callable<Integer> {
        @Option(names = "--json", description = "machine-readable output")
        boolean json;

        @Override
        public Integer call() throws CondockException {
            CacheStore.Verified v;
            try {
                v = new CacheStore(root()).verify();
            } catch (IOException e) {
                throw failed(root(), e);
            }
            if (json) {
                ObjectNode n = Json.PRETTY.createObjectNode();
                n.put("checked", v.checked());
                ArrayNode bad = n.putArray("bad");
                v.bad()
                        .forEach(b ->
                                bad.addObject().put("path", b.path().toString()).put("reason", b.reason()));
                System.out.println(n.toPrettyString());
            } else {
                v.bad().forEach(b -> System.out.println("bad: " + b.path() + ": " + b.reason() + " (removed)"));
                System.out.println(
                        "checked " + v.checked() + " entries, " + v.bad().size() + " bad");
            }
            return v.bad().isEmpty() ? 0 : 1;
        }
    }

    @Command(
            name = "prune",
            mixinStandardHelpOptions = true,
            description = "Remove entries unused for a while, then the least recently used above a size.")
    static final class Prune extends Common implements Callable<Integer> {
        @Option(
                names = "--older-than",
                paramLabel = "AGE",
                description = "remove entries not used for AGE (30d, 12h, 90m; default 30d unless --max-size)")
        String olderThan;

        @Option(
                names = "--max-size",
                paramLabel = "SIZE",
                description = "then remove the least recently used until at most SIZE remain (50G, 500M)")
        String maxSize;

        @Override
        public Integer call() throws CondockException {
            Duration age;
            Long max;
            try {
                age = olderThan != null ? CacheStore.parseAge(olderThan) : maxSize == null ? Duration.ofDays(30) : null;
                max = maxSize != null ? CacheStore.parseSize(maxSize) : null;
            } catch (IllegalArgumentException e) {
                throw CondockException.user("cache prune: " + e.getMessage());
            }
            try {
                CacheStore.Pruned p = new CacheStore(root()).prune(age, max);
                System.out.println("removed " + p.files() + " entries (" + human(p.bytes()) + "), "
                        + human(p.remainingBytes()) + " remain");
            } catch (IOException e) {
                throw failed(root(), e);
            }
            return 0;
        }
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }
}

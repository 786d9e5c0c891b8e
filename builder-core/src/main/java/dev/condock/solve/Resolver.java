package dev.condock.solve;

import dev.condock.channel.Channel;
import dev.condock.channel.ChannelAccess;
import dev.condock.channel.ChannelConfig;
import dev.condock.channel.CondaRc;
import dev.condock.channel.HttpRepodataCache;
import dev.condock.channel.RepodataLoader;
import dev.condock.channel.SpecChannels;
import dev.condock.fetch.DownloadProgress;
import dev.condock.model.PackageRecord;
import dev.condock.model.Platform;
import dev.condock.model.VirtualPackages;
import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.MatchSpec;
import dev.condock.util.CondockException;
import dev.condock.util.Hashing;
import dev.condock.util.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** environment.yml in, a {@link Resolution} out: loads the channels for each platform and solves. */
public final class Resolver {
    private static final boolean TIMING = Boolean.getBoolean("condock.timing");

    private Resolver() {}

    private static long cpu() {
        return TIMING ? java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() : 0;
    }

    public static Resolution resolve(EnvironmentSpec env, ResolveOptions opts) throws CondockException {
        return resolve(env, opts, DownloadProgress.Sink.NONE);
    }

    /** Like {@link #resolve(EnvironmentSpec, ResolveOptions)}, reporting repodata downloads to {@code progress}. */
    public static Resolution resolve(EnvironmentSpec env, ResolveOptions opts, DownloadProgress.Sink progress)
            throws CondockException {
        ChannelConfig config = CondaRc.load(opts.condarc(), CondaRc.Sources.system());
        // where the channels were written, so a channel that fails names that file
        String from = env.channels().isEmpty()
                ? (opts.condarc() != null ? opts.condarc().toString() : ".condarc")
                : env.source();
        for (String c : env.channels().isEmpty() ? config.channels() : env.channels()) {
            String problem = dev.condock.channel.ChannelSpecs.problem(c);
            if (problem != null) throw CondockException.user(from + ": " + problem);
        }
        List<Channel> channels =
                SpecChannels.withSpecChannels(config.resolveAll(env.channels()), env.dependencies(), config);
        if (channels.isEmpty()) {
            throw CondockException.user(env.source() + ": no channels: add 'channels:' to the file or a .condarc");
        }
        boolean strict = opts.strictPriority() != null ? opts.strictPriority() : config.strictPriority();
        List<String> named = new ArrayList<>(env.channels());
        for (Channel c : channels) named.add(c.fetchUrl());
        ChannelAccess access = ChannelAccess.of(config, named, CondaRc.Sources.system());
        RepodataLoader loader = new RepodataLoader(
                new HttpRepodataCache(
                                access,
                                opts.cacheRoot() != null ? opts.cacheRoot() : HttpRepodataCache.defaultCacheRoot(),
                                System::currentTimeMillis)
                        .reportingTo(progress),
                access,
                opts.keepMirrorUrls());
        SortedMap<String, List<SolvedPackage>> out = new TreeMap<>();
        Map<String, String> hashes = new TreeMap<>();
        List<String> channelUrls = new ArrayList<>();
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
        for (Channel c : channels) channelUrls.add(c.url());
        for (Map.Entry<Platform, VirtualPackages> target : opts.targets().entrySet()) {
            String platform = target.getKey().subdir();
            List<CondaSolver.Source> sources = new ArrayList<>();
            long t0 = System.nanoTime();
            long c0 = cpu();
            List<RepodataLoader.ChannelData> loaded;
            try {
                loaded = loader.load(channels, platform);
            } catch (CondockException e) {
                throw new CondockException(e.exitCode(), from + ": " + e.getMessage(), e);
            }
            for (RepodataLoader.ChannelData cd : loaded) {
                sources.add(
                        cd.lazy() != null
                                ? new CondaSolver.Source(cd.channel().name(), cd.lazy())
                                : new CondaSolver.Source(cd.channel().name(), cd.records()));
                warnings.addAll(cd.skipped());
            }
            long t1 = System.nanoTime();
            long c1 = cpu();
            List<PackageRecord> virtual = target.getValue().records();
            SolveOptions so = new SolveOptions(strict, opts.excludeNewerMillis(), virtual);
            try {
                List<SolvedPackage> solved;
                try {
                    solved = CondaSolver.solve(sources, env.dependencies(), so);
                } catch (dev.condock.channel.RecordSource.Failure f) {
                    throw new CondockException(f.error().exitCode(), from + ": " + f.getMessage(), f.error());
                } finally {
                    // a lazily read channel finds malformed records as the solve reads their names
                    for (RepodataLoader.ChannelData cd : loaded) if (cd.lazy() != null) warnings.addAll(cd.skipped());
                }
                out.put(platform, solved);
                if (TIMING) {
                    // -Dcondock.timing=true (through CONDOCK_JAVA_OPTS): where a lock's time goes, for bench-scale.sh
                    System.err.printf(
                            "timing %s: JVM up %d ms at start of load; repodata load/index %d ms (thread CPU %d);"
                                    + " solve incl. lazy parsing %d ms (thread CPU %d)%n",
                            platform,
                            java.lang.management.ManagementFactory.getRuntimeMXBean()
                                            .getUptime()
                                    - (System.nanoTime() - t0) / 1_000_000,
                            (t1 - t0) / 1_000_000,
                            (c1 - c0) / 1_000_000,
                            (System.nanoTime() - t1) / 1_000_000,
                            (cpu() - c1) / 1_000_000);
                }
            } catch (CondockException e) {
                String hint = MissingHints.check(
                        env.dependencies(),
                        sources,
                        platform,
                        opts.excludeNewerMillis(),
                        name -> elsewhere(name, platform, channels, config, loader));
                // the records skipped as malformed may be why: say so, the warnings are not printed on failure
                String skipped = warnings.isEmpty()
                        ? ""
                        : " (" + warnings.size() + " malformed repodata record(s)" + " were skipped; the first: "
                                + warnings.iterator().next() + ")";
                throw CondockException.user(
                        env.source() + " (" + platform + "): " + (hint != null ? hint : e.getMessage()) + skipped);
            }
            hashes.put(platform, contentHash(env, channelUrls, platform, virtual, so));
        }
        return new Resolution(out, channelUrls, hashes, env.pip(), List.copyOf(warnings));
    }

    private static final List<String> SUBDIRS =
            List.of("linux-64", "linux-aarch64", "linux-ppc64le", "osx-64", "osx-arm64", "win-64");

    /** Only on the error path: configured channels this solve does not use, and other platforms, that have it. */
    private static MissingHints.Elsewhere elsewhere(
            String name, String platform, List<Channel> used, ChannelConfig config, RepodataLoader loader) {
        List<String> unlisted = new ArrayList<>();
        for (Channel c : config.resolveAll(config.channels())) {
            if (used.stream().anyMatch(u -> u.url().equals(c.url()))) continue;
            if (has(loader, c, platform, name)) unlisted.add(c.name());
        }
        List<String> platforms = new ArrayList<>();
        if (unlisted.isEmpty()) {
            for (String sub : SUBDIRS) {
                if (sub.equals(platform)) continue;
                for (Channel c : used) {
                    if (has(loader, c, sub, name)) {
                        platforms.add(sub);
                        break;
                    }
                }
            }
        }
        return new MissingHints.Elsewhere(unlisted, platforms);
    }

    private static boolean has(RepodataLoader loader, Channel c, String platform, String name) {
        try {
            for (RepodataLoader.ChannelData cd : loader.load(List.of(c), platform)) {
                for (PackageRecord r : cd.records()) if (r.name().equals(name)) return true;
            }
        } catch (CondockException e) {
            // a channel without that subdir, or out of reach: it just does not help the message
        }
        return false;
    }

    /** sha256 over the canonical JSON of everything that decides the answer, so a lock can say it is stale. */
    static String contentHash(
            EnvironmentSpec env, List<String> channels, String platform, List<PackageRecord> virtual, SolveOptions so) {
        Map<String, Object> in = new LinkedHashMap<>();
        in.put("channels", channels);
        List<String> specs = new ArrayList<>();
        for (MatchSpec m : env.dependencies()) specs.add(m.text());
        in.put("specs", specs);
        in.put("pip", env.pip());
        in.put("platform", platform);
        List<String> v = new ArrayList<>();
        for (PackageRecord r : virtual) v.add(r.dist());
        in.put("virtual", v);
        in.put("strict_priority", so.strictPriority());
        in.put("exclude_newer", so.excludeNewerMillis());
        return Hashing.sha256Hex(Json.canonicalBytes(in));
    }
}

package dev.condock.solve;

import dev.condock.channel.Channel;
import dev.condock.channel.ChannelConfig;
import dev.condock.channel.HttpRepodataCache;
import dev.condock.channel.RepodataLoader;
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
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;

/** environment.yml in, a {@link Resolution} out: loads the channels for each platform and solves. */
public final class Resolver {
    private Resolver() {}

    public static Resolution resolve(EnvironmentSpec env, ResolveOptions opts) throws CondockException {
        ChannelConfig config = ChannelConfig.read(opts.condarc());
        // where the channels were written, so a channel that fails names that file
        String from = env.channels().isEmpty() ? String.valueOf(opts.condarc()) : env.source();
        for (String c : env.channels().isEmpty() ? config.channels() : env.channels()) {
            String problem = dev.condock.channel.ChannelSpecs.problem(c);
            if (problem != null) throw CondockException.user(from + ": " + problem);
        }
        List<Channel> channels = config.resolveAll(env.channels());
        if (channels.isEmpty()) {
            throw CondockException.user(env.source() + ": no channels: add 'channels:' to the file or a .condarc");
        }
        boolean strict = opts.strictPriority() != null ? opts.strictPriority() : config.strictPriority();
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(30, TimeUnit.SECONDS)
                .readTimeout(120, TimeUnit.SECONDS).build();
        RepodataLoader loader = new RepodataLoader(new HttpRepodataCache(client,
                opts.cacheRoot() != null ? opts.cacheRoot() : HttpRepodataCache.defaultCacheRoot(), System::currentTimeMillis));
        SortedMap<String, List<SolvedPackage>> out = new TreeMap<>();
        Map<String, String> hashes = new TreeMap<>();
        List<String> channelUrls = new ArrayList<>();
        java.util.Set<String> warnings = new java.util.LinkedHashSet<>();
        for (Channel c : channels) channelUrls.add(c.url());
        for (Map.Entry<Platform, VirtualPackages> target : opts.targets().entrySet()) {
            String platform = target.getKey().subdir();
            List<CondaSolver.Source> sources = new ArrayList<>();
            List<RepodataLoader.ChannelData> loaded;
            try {
                loaded = loader.load(channels, platform);
            } catch (CondockException e) {
                throw new CondockException(e.exitCode(), from + ": " + e.getMessage(), e);
            }
            for (RepodataLoader.ChannelData cd : loaded) {
                sources.add(new CondaSolver.Source(cd.channel().name(), cd.records()));
                warnings.addAll(cd.skipped());
            }
            List<PackageRecord> virtual = target.getValue().records();
            SolveOptions so = new SolveOptions(strict, opts.excludeNewerMillis(), virtual);
            try {
                out.put(platform, CondaSolver.solve(sources, env.dependencies(), so));
            } catch (CondockException e) {
                // the records skipped as malformed may be why: say so, the warnings are not printed on failure
                String skipped = warnings.isEmpty() ? "" : " (" + warnings.size() + " malformed repodata record(s)"
                        + " were skipped; the first: " + warnings.iterator().next() + ")";
                throw CondockException.user(env.source() + " (" + platform + "): " + e.getMessage() + skipped);
            }
            hashes.put(platform, contentHash(env, channelUrls, platform, virtual, so));
        }
        return new Resolution(out, channelUrls, hashes, env.pip(), List.copyOf(warnings));
    }

    /** sha256 over the canonical JSON of everything that decides the answer, so a lock can say it is stale. */
    static String contentHash(EnvironmentSpec env, List<String> channels, String platform,
                              List<PackageRecord> virtual, SolveOptions so) {
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

package dev.condock.channel;

import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The .condarc keys that decide where packages come from, so a team mirror configured for conda works
 * unchanged: {@code channels, channel_alias, custom_channels, default_channels, channel_priority,
 * custom_multichannels, mirrored_channels, ssl_verify} ({@link CondaRc} reads and merges them).
 *
 * @param mirroredChannels channel (name or URL) → the URLs to fetch it from, tried in order
 * @param sslVerify        "true", "false" or the path of a CA bundle
 */
public record ChannelConfig(
        List<String> channels,
        String channelAlias,
        Map<String, String> customChannels,
        List<String> defaultChannels,
        boolean strictPriority,
        Map<String, List<String>> customMultichannels,
        Map<String, List<String>> mirroredChannels,
        String sslVerify) {

    public ChannelConfig {
        channels = List.copyOf(channels);
        customChannels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customChannels));
        defaultChannels = List.copyOf(defaultChannels);
        customMultichannels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(customMultichannels));
        mirroredChannels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(mirroredChannels));
    }

    public ChannelConfig(
            List<String> channels,
            String channelAlias,
            Map<String, String> customChannels,
            List<String> defaultChannels,
            boolean strictPriority) {
        this(channels, channelAlias, customChannels, defaultChannels, strictPriority, Map.of(), Map.of(), "true");
    }

    public static ChannelConfig defaults() {
        return new ChannelConfig(
                List.of(),
                "https://conda.anaconda.org",
                Map.of(),
                List.of("https://repo.anaconda.com/pkgs/main", "https://repo.anaconda.com/pkgs/r"),
                true);
    }

    /** Reads one .condarc alone (no search path, no environment); a missing file gives the defaults. */
    public static ChannelConfig read(Path condarc) throws CondockException {
        if (condarc == null || !Files.isRegularFile(condarc)) return defaults();
        return CondaRc.load(condarc, new CondaRc.Sources(Map.of(), Path.of("/nonexistent"), Path.of("/nonexistent")));
    }

    /** Expands {@code defaults} and resolves every entry, in priority order. */
    public List<Channel> resolveAll(List<String> specs) {
        List<Channel> out = new ArrayList<>();
        for (String s : specs.isEmpty() ? channels : specs) {
            if (s.equals("defaults")) {
                for (String dc : defaultChannels) out.add(Channel.resolve(dc, this, out.size()));
            } else if (customMultichannels.containsKey(s)) {
                for (String mc : customMultichannels.get(s)) out.add(Channel.resolve(mc, this, out.size()));
            } else {
                out.add(Channel.resolve(s, this, out.size()));
            }
        }
        return out;
    }

    /** The mirror URLs configured for {@code channel} (by name or canonical URL), or none. */
    public List<String> mirrorsOf(Channel channel) {
        for (Map.Entry<String, List<String>> e : mirroredChannels.entrySet()) {
            String key = e.getKey();
            if (key.equals(channel.name())
                    || CondaRc.trim(key).equals(channel.url())
                    || Channel.resolve(key, this, 0).url().equals(channel.url())) {
                return e.getValue();
            }
        }
        return List.of();
    }
}

package dev.condock.channel;

import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The .condarc keys that decide where packages come from, so a team mirror configured for conda works
 * unchanged: {@code channels, channel_alias, custom_channels, default_channels, channel_priority}.
 */
public record ChannelConfig(List<String> channels, String channelAlias, Map<String, String> customChannels,
                            List<String> defaultChannels, boolean strictPriority) {

    public static ChannelConfig defaults() {
        return new ChannelConfig(List.of(), "https://conda.anaconda.org", Map.of(),
                List.of("https://repo.anaconda.com/pkgs/main", "https://repo.anaconda.com/pkgs/r"), true);
    }

    /** Reads a .condarc; a missing file gives the defaults. */
    public static ChannelConfig read(Path condarc) throws CondockException {
        ChannelConfig d = defaults();
        if (condarc == null || !Files.isRegularFile(condarc)) return d;
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(condarc));
        } catch (IOException e) {
            throw CondockException.environment(condarc + ": cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw CondockException.user(condarc + ": not valid YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (doc == null) return d;
        if (!(doc instanceof Map<?, ?> m)) throw CondockException.user(condarc + ": expected a mapping");
        List<String> channels = strings(m.get("channels"), condarc, "channels");
        String alias = m.get("channel_alias") == null ? d.channelAlias() : trim(m.get("channel_alias").toString());
        Map<String, String> custom = new LinkedHashMap<>();
        if (m.get("custom_channels") instanceof Map<?, ?> cc) {
            cc.forEach((k, v) -> custom.put(k.toString(), trim(v.toString())));
        }
        List<String> defaults = m.containsKey("default_channels")
                ? strings(m.get("default_channels"), condarc, "default_channels") : d.defaultChannels();
        Object prio = m.get("channel_priority");
        boolean strict = prio == null || !"flexible".equals(prio.toString()) && !"disabled".equals(prio.toString());
        return new ChannelConfig(channels, alias, custom, defaults, strict);
    }

    /** Expands {@code defaults} and resolves every entry, in priority order. */
    public List<Channel> resolveAll(List<String> specs) {
        List<Channel> out = new ArrayList<>();
        for (String s : specs.isEmpty() ? channels : specs) {
            if (s.equals("defaults")) {
                for (String dc : defaultChannels) out.add(Channel.resolve(dc, this, out.size()));
            } else {
                out.add(Channel.resolve(s, this, out.size()));
            }
        }
        return out;
    }

    private static String trim(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static List<String> strings(Object o, Path file, String key) throws CondockException {
        if (o == null) return List.of();
        if (!(o instanceof List<?> l)) throw CondockException.user(file + ": '" + key + "' must be a list");
        List<String> out = new ArrayList<>();
        for (Object e : l) out.add(e.toString());
        return out;
    }
}

package dev.condock.channel;

import dev.condock.spec.MatchSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * conda adds the channel of a {@code channel::pkg}, {@code channel/subdir::pkg} or {@code pkg[channel=...]} spec
 * to the channels of that solve when it is not listed; like conda, after the listed ones (lowest priority).
 */
public final class SpecChannels {
    private SpecChannels() {}

    public static List<Channel> withSpecChannels(List<Channel> listed, List<MatchSpec> specs, ChannelConfig config) {
        List<Channel> out = new ArrayList<>(listed);
        for (MatchSpec ms : specs) {
            if (ms.channel() == null || ms.channel().isBlank()) continue;
            Channel c = Channel.resolve(ms.channel(), config, out.size());
            boolean known = false;
            for (Channel l : out) {
                if (l.name().equals(c.name()) || l.url().equals(c.url())) {
                    known = true;
                    break;
                }
            }
            if (!known) out.add(c);
        }
        return out;
    }
}

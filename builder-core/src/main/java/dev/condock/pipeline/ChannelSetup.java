package dev.condock.pipeline;

import dev.condock.channel.ChannelAccess;
import dev.condock.channel.ChannelConfig;
import dev.condock.channel.CondaRc;
import dev.condock.util.CondockException;
import java.util.List;

/**
 * The channel access of a build: the request's .condarc (or conda's search path) and CONDA_* variables, plus the
 * channels its environment.yml names, so a lock's canonical URLs are fetched through the same mirrors and with
 * the same tokens and logins as conda would use.
 */
final class ChannelSetup {
    private ChannelSetup() {}

    static ChannelAccess access(BuildRequest req) throws CondockException {
        CondaRc.Sources src = CondaRc.Sources.system();
        ChannelConfig config = CondaRc.load(req.solve().condarc(), src);
        List<String> named = req.source() instanceof BuildRequest.FromEnvironment fe
                ? fe.spec().channels()
                : List.of();
        return ChannelAccess.of(config, named, src);
    }
}

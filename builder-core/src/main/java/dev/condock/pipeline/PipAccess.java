package dev.condock.pipeline;

import dev.condock.channel.ChannelAccess;
import dev.condock.pip.ParsedPip;
import dev.condock.pip.PipOptions;
import dev.condock.pip.PipSection;
import dev.condock.util.CondockException;
import java.util.ArrayList;
import java.util.List;

/**
 * How a build downloads its lock's wheels: the channel access (~/.netrc, TLS settings) plus the logins of the pip
 * index URLs the request knows (flags and condock.yaml; with an environment file, its {@code pip:} option lines
 * too), so a wheel on an authenticated index downloads with that index's credentials, as pip sends them. A lock
 * never holds credentials, so a build from a lock needs them from here or ~/.netrc.
 */
final class PipAccess {
    private PipAccess() {}

    static ChannelAccess of(BuildRequest req) throws CondockException {
        List<String> urls = new ArrayList<>(req.solve().pipIndex().urls());
        if (req.source() instanceof BuildRequest.FromEnvironment fe
                && !fe.spec().pip().isEmpty()) {
            ParsedPip parsed =
                    PipSection.parse(fe.spec().pip(), fe.file().toAbsolutePath().getParent());
            PipOptions o = req.solve().pipIndex().options(parsed, req.cacheRoot());
            urls.addAll(o.allIndexes());
            urls.addAll(o.findLinks());
        }
        return ChannelSetup.access(req).withLogins(urls);
    }
}

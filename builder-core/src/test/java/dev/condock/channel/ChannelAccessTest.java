package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.Credentials;
import okhttp3.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Canonical URL → what is fetched: mirrors in order, tokens and logins put back, netrc. */
class ChannelAccessTest {
    @TempDir
    Path tmp;

    @Test
    void mirrorsAndSecretsAreAppliedToCanonicalUrls() throws Exception {
        Path rc = tmp.resolve(".condarc");
        Files.writeString(rc, """
                channels: [https://host.example/t/tk-1/private, conda-forge]
                mirrored_channels:
                  conda-forge: [https://m1.example/cf, https://m2.example/cf]
                """);
        ChannelConfig c = ChannelConfig.read(rc);
        ChannelAccess a = ChannelAccess.of(c, List.of(), new CondaRc.Sources(Map.of(), tmp, tmp));
        assertEquals(
                List.of("https://m1.example/cf/linux-64/x-1-0.conda", "https://m2.example/cf/linux-64/x-1-0.conda"),
                a.candidates("https://conda.anaconda.org/conda-forge/linux-64/x-1-0.conda"));
        assertEquals(
                List.of("https://host.example/t/tk-1/private/noarch/y-1-0.conda"),
                a.candidates("https://host.example/private/noarch/y-1-0.conda"));
        assertEquals(
                List.of("https://other.example/z/noarch/y-1-0.conda"),
                a.candidates("https://other.example/z/noarch/y-1-0.conda"));
    }

    @Test
    void userInfoAndNetrcBecomeBasicAuth() throws Exception {
        Files.writeString(tmp.resolve(".netrc"), "machine netrc.example login bob password s3cret\n");
        ChannelAccess a =
                ChannelAccess.of(ChannelConfig.defaults(), List.of(), new CondaRc.Sources(Map.of(), tmp, tmp));
        Request r =
                a.request("https://al:pw@host.example/c/noarch/repodata.json").build();
        assertEquals("https://host.example/c/noarch/repodata.json", r.url().toString());
        assertEquals(Credentials.basic("al", "pw"), r.header("Authorization"));
        assertEquals(
                Credentials.basic("bob", "s3cret"),
                a.request("https://netrc.example/c/x.conda").build().header("Authorization"));
        assertNull(a.request("https://nobody.example/c/x.conda").build().header("Authorization"));
    }
}

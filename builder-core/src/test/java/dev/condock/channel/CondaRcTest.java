package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conda's search path, its merge rules and CONDA_* overrides, with a fake root and home. */
class CondaRcTest {
    @TempDir
    Path tmp;

    private Path write(String rel, String text) throws Exception {
        Path p = tmp.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private CondaRc.Sources src(Map<String, String> env) {
        return new CondaRc.Sources(env, tmp.resolve("home"), tmp.resolve("root"));
    }

    @Test
    void everyLocationIsReadInConda_sOrder() throws Exception {
        write("root/etc/conda/.condarc", "channels: [etc]\nchannel_alias: https://etc.example\n");
        write("root/etc/conda/condarc.d/10-extra.yml", "channels: [etc-d]\n");
        write("home/.config/conda/.condarc", "channels: [xdg]\nchannel_priority: flexible\n");
        write("home/.condarc", "channels: [home]\nchannel_alias: https://home.example\n");
        Path explicit = write("elsewhere/rc.yml", "channels: [condarc-env]\nunknown_key: ignored\n");
        Map<String, String> env = new HashMap<>();
        env.put("CONDARC", explicit.toString());
        ChannelConfig c = CondaRc.load(null, src(env));
        // higher precedence first, every source kept (conda's SequenceParameter merge)
        assertEquals(List.of("condarc-env", "home", "xdg", "etc-d", "etc"), c.channels());
        assertEquals("https://home.example", c.channelAlias()); // scalars: the last source that sets it
        assertFalse(c.strictPriority());
    }

    @Test
    void environmentVariablesOverrideFiles() throws Exception {
        write("home/.condarc", "channels: [home]\nchannel_alias: https://home.example\nssl_verify: true\n");
        Map<String, String> env = Map.of(
                "CONDA_CHANNELS",
                "a,b",
                "CONDA_CHANNEL_ALIAS",
                "https://env.example/",
                "CONDA_CHANNEL_PRIORITY",
                "flexible",
                "CONDA_SSL_VERIFY",
                "false");
        ChannelConfig c = CondaRc.load(null, src(env));
        assertEquals(List.of("a", "b", "home"), c.channels());
        assertEquals("https://env.example", c.channelAlias());
        assertFalse(c.strictPriority());
        assertEquals("false", c.sslVerify());
        assertEquals("https://env.example/a", c.resolveAll(List.of()).get(0).url());
    }

    @Test
    void finalStopsHigherSources() throws Exception {
        write("root/etc/conda/.condarc", "channel_alias: https://corp.example  #!final\nchannels: [corp]\n");
        write("home/.condarc", "channel_alias: https://mine.example\nchannels: [mine]\n");
        ChannelConfig c = CondaRc.load(null, src(Map.of("CONDA_CHANNEL_ALIAS", "https://env.example")));
        assertEquals("https://corp.example", c.channelAlias());
        assertEquals(List.of("mine", "corp"), c.channels());
    }

    @Test
    void mapsMergeKeyByKeyAndMultichannelsExpand() throws Exception {
        write("root/etc/conda/.condarc", """
                custom_channels: {internal: https://old.example, keep: https://keep.example}
                custom_multichannels: {ml: [conda-forge, internal]}
                mirrored_channels:
                  conda-forge: [https://mirror-a.example/cf, https://mirror-b.example/cf/]
                """);
        write("home/.condarc", "custom_channels: {internal: https://new.example/}\n");
        ChannelConfig c = CondaRc.load(null, src(Map.of()));
        assertEquals(Map.of("internal", "https://new.example", "keep", "https://keep.example"), c.customChannels());
        List<Channel> ml = c.resolveAll(List.of("ml"));
        assertEquals("https://conda.anaconda.org/conda-forge", ml.get(0).url());
        assertEquals("https://new.example/internal", ml.get(1).url());
        assertEquals(List.of("https://mirror-a.example/cf", "https://mirror-b.example/cf"), c.mirrorsOf(ml.get(0)));
    }

    @Test
    void anExplicitFileReplacesTheSearchPathButNotTheEnvironment() throws Exception {
        write("home/.condarc", "channels: [home]\n");
        Path rc = write("ci/.condarc", "channels: [ci]\n");
        assertEquals(List.of("ci"), CondaRc.load(rc, src(Map.of())).channels());
        assertEquals(
                List.of("env", "ci"),
                CondaRc.load(rc, src(Map.of("CONDA_CHANNELS", "env"))).channels());
        CondockException missing =
                assertThrows(CondockException.class, () -> CondaRc.load(tmp.resolve("nope"), src(Map.of())));
        assertEquals(2, missing.exitCode());
        assertTrue(missing.getMessage().contains("nope"));
    }

    @Test
    void badValuesNameTheFile() throws Exception {
        write("home/.condarc", "channel_priority: sometimes\n");
        CondockException e = assertThrows(CondockException.class, () -> CondaRc.load(null, src(Map.of())));
        assertEquals(2, e.exitCode());
        write("home/.condarc", "channels: conda-forge\n");
        e = assertThrows(CondockException.class, () -> CondaRc.load(null, src(Map.of())));
        assertTrue(e.getMessage().contains(".condarc"), e.getMessage());
    }
}

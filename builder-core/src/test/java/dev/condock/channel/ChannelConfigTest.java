package dev.condock.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelConfigTest {
    @TempDir
    Path tmp;

    @Test
    void mirrorsFromCondarc() throws Exception {
        Path rc = tmp.resolve(".condarc");
        Files.writeString(rc, """
                channels: [conda-forge, defaults]
                channel_alias: https://mirror.example.com/conda/
                custom_channels:
                  internal: https://artifacts.example.com/api
                default_channels:
                  - https://mirror.example.com/main
                channel_priority: flexible
                """);
        ChannelConfig c = ChannelConfig.read(rc);
        assertFalse(c.strictPriority());
        List<Channel> chans = c.resolveAll(List.of());
        assertEquals(
                "https://mirror.example.com/conda/conda-forge", chans.get(0).url());
        assertEquals("https://mirror.example.com/main", chans.get(1).url());
        assertEquals(1, chans.get(1).priority());
        assertEquals(
                "https://artifacts.example.com/api/internal",
                c.resolveAll(List.of("internal")).get(0).url());
    }

    @Test
    void tokensAndPasswordsAreRedacted() {
        Channel c =
                Channel.resolve("https://user:secret@host.example/t/tk-123/conda-forge", ChannelConfig.defaults(), 0);
        assertEquals("https://host.example/conda-forge", c.url());
        assertEquals("https://user:secret@host.example/t/tk-123/conda-forge", c.fetchUrl());
        assertFalse(c.toString().contains("secret"));
    }

    @Test
    void badCondarcIsAUserError() throws Exception {
        Path rc = tmp.resolve(".condarc");
        Files.writeString(rc, "channels: conda-forge\n");
        assertEquals(
                2,
                assertThrows(CondockException.class, () -> ChannelConfig.read(rc))
                        .exitCode());
    }
}

package dev.condock.wheel;

import dev.condock.model.TreeEntry;
import dev.condock.util.CondockException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The python distributions an installed tree already holds: {@code site-packages/*.dist-info/METADATA},
 * {@code *.egg-info/PKG-INFO} and single-file {@code *.egg-info}, read from the conda packages' entries after
 * their install. What they give (normalized name → version) is the resolver's "installed" map: a pip requirement
 * they satisfy is not installed a second time.
 */
public final class InstalledDistributions {
    private static final Pattern METADATA = Pattern.compile(
            "lib/python[0-9.]+t?/site-packages/[^/]+\\.(dist-info/METADATA|egg-info/PKG-INFO|egg-info)");
    /** Metadata headers end at the first blank line; Name and Version come first in practice. */
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private InstalledDistributions() {}

    public static Map<String, String> of(List<TreeEntry> entries) throws CondockException {
        Map<String, String> out = new TreeMap<>();
        for (TreeEntry e : entries) {
            if (e.kind() != TreeEntry.Kind.FILE || !METADATA.matcher(e.path()).matches()) {
                continue;
            }
            String text;
            try {
                byte[] b = Files.readAllBytes(e.content());
                text = new String(b, 0, Math.min(b.length, MAX_HEADER_BYTES), StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw CondockException.environment("cannot read staged " + e.path() + ": " + ex.getMessage(), ex);
            }
            String name = null;
            String version = null;
            for (String line : text.split("\r?\n")) {
                if (line.isEmpty()) {
                    break;
                }
                if (name == null && line.startsWith("Name:")) {
                    name = line.substring(5).strip();
                } else if (version == null && line.startsWith("Version:")) {
                    version = line.substring(8).strip();
                }
            }
            if (name != null && version != null && !name.isEmpty()) {
                out.put(WheelName.normalize(name), version);
            }
        }
        return out;
    }
}

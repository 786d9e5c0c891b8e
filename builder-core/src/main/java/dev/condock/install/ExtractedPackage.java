package dev.condock.install;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A package archive read into memory (the info/ files an installer needs) and staging (the members' content).
 *
 * @param info    info/ members the installer reads (index.json, paths.json, files, has_prefix, link.json)
 * @param members the other members by normalized name, in archive order
 * @param infoScripts link scripts found under info/ (names only; their content is not kept)
 */
record ExtractedPackage(
        Map<String, byte[]> info, Map<String, ArchiveMember> members, java.util.List<String> infoScripts) {
    String infoText(String name) {
        byte[] b = info.get(name);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }
}

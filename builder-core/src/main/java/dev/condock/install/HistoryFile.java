package dev.condock.install;

import dev.condock.model.PackageRecord;
import dev.condock.model.TreeEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code conda-meta/history}: one CEP 32 action block linking every package, so conda inside the image sees an
 * environment with a past ({@code conda list --revisions}, and "update specs" it will keep honouring).
 * Dated SOURCE_DATE_EPOCH (or the epoch), in UTC, never the wall clock.
 */
final class HistoryFile {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private HistoryFile() {}

    static long sourceDateEpochFromEnvironment() {
        String s = System.getenv("SOURCE_DATE_EPOCH");
        try {
            return s == null || s.isBlank() ? 0 : Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String text(List<PackageToInstall> packages, long epochSeconds) {
        StringBuilder sb = new StringBuilder();
        sb.append("==> ")
                .append(DATE.format(Instant.ofEpochSecond(epochSeconds)))
                .append(" <==\n");
        sb.append("# cmd: condock build\n");
        List<String> lines = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        for (PackageToInstall p : packages) {
            lines.add("+" + channelName(p.record()) + "::" + p.record().dist());
            if (p.requestedSpec() != null) {
                specs.add(pythonRepr(p.requestedSpec()));
            }
        }
        lines.stream().sorted().forEach(l -> sb.append(l).append('\n'));
        if (!specs.isEmpty()) {
            sb.append("# update specs: [").append(String.join(", ", specs)).append("]\n");
        }
        return sb.toString();
    }

    static TreeEntry write(Path file, List<PackageToInstall> packages, long epochSeconds) throws IOException {
        byte[] data = text(packages, epochSeconds).getBytes(StandardCharsets.UTF_8);
        Files.write(file, data);
        return TreeEntry.file("conda-meta/history", 0644, file, data.length);
    }

    /** conda's "channel/subdir" form: conda-forge/linux-64, pkgs/main/noarch, or the URL for other hosts. */
    static String channelName(PackageRecord r) {
        String ch = r.channel();
        if (ch == null || ch.isEmpty()) {
            return "<unknown>";
        }
        ch = ch.replaceAll("/+$", "");
        if (r.subdir() != null && ch.endsWith("/" + r.subdir())) {
            ch = ch.substring(0, ch.length() - r.subdir().length() - 1);
        }
        for (String host : new String[] {"https://conda.anaconda.org/", "https://repo.anaconda.com/"}) {
            if (ch.startsWith(host)) {
                ch = ch.substring(host.length());
                break;
            }
        }
        return r.subdir() == null ? ch : ch + "/" + r.subdir();
    }

    /** How Python prints a str in a list: single quotes unless the text has one. */
    private static String pythonRepr(String s) {
        if (s.contains("'") && !s.contains("\"")) {
            return "\"" + s + "\"";
        }
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}

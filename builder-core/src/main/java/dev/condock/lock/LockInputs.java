package dev.condock.lock;

import dev.condock.spec.EnvironmentSpec;
import dev.condock.spec.MatchSpec;
import dev.condock.util.Hashing;
import dev.condock.util.Redact;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a lock was solved from, as condock records it in the lock's header comments (conda and conda-lock ignore
 * comments): {@code # condock-input-hash: sha256:…}, then one {@code # input-channel:}, {@code # input-spec:}
 * and {@code # input-pip:} line each (names of their own: other header lines, such as pip's, may come and go). The lines say <em>what</em> changed; the hash is the fast "nothing did" and catches
 * a hand-edited header. The solver's content hash cannot serve here: it also covers virtual packages from the
 * base image, which {@code check} must not need the network to know.
 *
 * @param channels channels as written in the environment file, in priority order
 * @param specs    conda MatchSpecs as written; order does not matter (the hash sorts them)
 * @param pip      pip requirements as written; order does not matter
 * @param hash     the recorded hash, or the one computed from the lists
 */
public record LockInputs(List<String> channels, List<String> specs, List<String> pip, String hash) {
    public static final String HASH_KEY = "# condock-input-hash: ";
    private static final Pattern LINE = Pattern.compile("^#\\s*input-(channel|spec|pip):\\s?(.*?)\\s*$");

    public LockInputs {
        channels = List.copyOf(channels);
        specs = List.copyOf(specs);
        pip = List.copyOf(pip);
    }

    /** The inputs of an environment file as read now. */
    public static LockInputs of(EnvironmentSpec env) {
        List<String> specs = new ArrayList<>();
        for (MatchSpec m : env.dependencies()) specs.add(m.text().strip());
        // a lock never holds a token or password: recorded (and compared) with credentials redacted
        return of(
                env.channels().stream().map(Redact::text).toList(),
                specs,
                env.pip().stream().map(Redact::text).toList());
    }

    public static LockInputs of(List<String> channels, List<String> specs, List<String> pip) {
        return new LockInputs(channels, specs, pip, hashOf(channels, specs, pip));
    }

    /**
     * sha256 over channels (in order) and sorted specs and pip requirements: a reordering is not a change. Each
     * string is length-prefixed (unambiguous without a JSON library: check must start fast, see scripts/bench-check.sh).
     */
    static String hashOf(List<String> channels, List<String> specs, List<String> pip) {
        StringBuilder sb = new StringBuilder("condock-inputs-v1\n");
        append(sb, "channels", channels);
        append(sb, "specs", new ArrayList<>(new TreeSet<>(specs)));
        append(sb, "pip", new ArrayList<>(new TreeSet<>(pip)));
        return "sha256:" + Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void append(StringBuilder sb, String key, List<String> values) {
        sb.append(key).append(' ').append(values.size()).append('\n');
        for (String v : values) sb.append(v.length()).append(':').append(v).append('\n');
    }

    /** The header lines, each ending in a newline. */
    public String header() {
        StringBuilder sb = new StringBuilder(HASH_KEY).append(hash).append('\n');
        channels.forEach(c -> sb.append("# input-channel: ").append(c).append('\n'));
        specs.forEach(s -> sb.append("# input-spec: ").append(s).append('\n'));
        pip.forEach(p -> sb.append("# input-pip: ").append(p).append('\n'));
        return sb.toString();
    }

    /** The inputs a lock's header records, or null when it has no condock header (an older or foreign lock). */
    public static LockInputs read(String lockText) {
        String hash = null;
        List<String> channels = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        List<String> pip = new ArrayList<>();
        for (String raw : lockText.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty()) continue;
            if (!line.startsWith("#")) break; // the header ends where the lock's content begins
            if (line.startsWith(HASH_KEY.strip())) {
                hash = line.substring(HASH_KEY.strip().length()).strip();
                continue;
            }
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                switch (m.group(1)) {
                    case "channel" -> channels.add(m.group(2));
                    case "spec" -> specs.add(m.group(2));
                    default -> pip.add(m.group(2));
                }
            }
        }
        return hash == null ? null : new LockInputs(channels, specs, pip, hash);
    }

    /** Whether the recorded lines still give the recorded hash (false: someone edited the header by hand). */
    public boolean consistent() {
        return hash.equals(hashOf(channels, specs, pip));
    }
}

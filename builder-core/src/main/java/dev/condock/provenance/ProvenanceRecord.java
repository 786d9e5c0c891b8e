package dev.condock.provenance;

import dev.condock.util.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The build's record, as the top layer carries it under {@code <prefix>/conda-meta/condock/}: the environment
 * file as given, the condock.yaml used, the lock, and the SBOM — each by its role, with a fixed file name, so
 * {@code export} needs nothing but the layer.
 *
 * @param files  file name → bytes, in role order (environment, spec, lock, sbom); absent roles are left out
 * @param roles  file name → role ("environment", "spec", "lock", "sbom")
 * @param git    where the spec lives in git
 */
public record ProvenanceRecord(Map<String, byte[]> files, Map<String, String> roles, GitSource git) {
    /** The directory under the prefix. */
    public static final String DIR = "conda-meta/condock";
    /** The layer annotation value ({@code dev.condock.layer}) that marks the record layer. */
    public static final String LAYER_NAME = "record";

    public static final String LABEL_PREFIX = "dev.condock.record.";
    public static final String ENVIRONMENT_FILE = "environment.yml";
    public static final String SPEC_FILE = "condock.yaml";
    public static final String CONDA_LOCK_FILE = "conda-lock.yml";
    public static final String EXPLICIT_LOCK_FILE = "conda-lock.explicit.txt";

    public ProvenanceRecord {
        files = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(files));
        roles = Map.copyOf(roles);
    }

    /** Collects a record's files by role. */
    public static final class Builder {
        private final Map<String, byte[]> files = new LinkedHashMap<>();
        private final Map<String, String> roles = new LinkedHashMap<>();

        public Builder add(String role, String fileName, byte[] bytes) {
            if (bytes != null) {
                files.put(fileName, bytes.clone());
                roles.put(fileName, role);
            }
            return this;
        }

        public ProvenanceRecord build(GitSource git) {
            return new ProvenanceRecord(files, roles, git);
        }
    }

    /**
     * The labels (and manifest annotations) that tie the image to its record: each file's sha256 by role
     * ({@code dev.condock.record.lock.sha256}) and the git source and revision when known.
     */
    public Map<String, String> labels() {
        Map<String, String> out = new TreeMap<>();
        files.forEach((name, bytes) -> {
            out.put(LABEL_PREFIX + roles.get(name) + ".sha256", Hashing.sha256Hex(bytes));
            out.put(LABEL_PREFIX + roles.get(name) + ".file", name);
        });
        if (git.source() != null) {
            out.put("org.opencontainers.image.source", git.source());
        }
        if (git.revision() != null) {
            out.put("org.opencontainers.image.revision", git.revision());
        }
        return out;
    }

    /** Everything that decides the layer's bytes and the labels, for the build cache key. */
    public String key() {
        StringBuilder sb = new StringBuilder("condock-record\0");
        labels().forEach((k, v) -> sb.append(k).append('=').append(v).append('\0'));
        return Hashing.sha256Hex(sb.toString().getBytes(StandardCharsets.UTF_8));
    }
}

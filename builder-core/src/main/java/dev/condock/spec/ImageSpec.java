package dev.condock.spec;

import dev.condock.app.AppFile;
import dev.condock.pip.PipIndexSettings;
import dev.condock.smoke.SmokeTest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A {@code condock.yaml}: what image to build from an environment. Paths are already resolved against the
 * spec's directory; absent keys are null (lists and maps empty), so CLI flags can tell "unset" from "set".
 *
 * @param source          the file it was read from, for messages
 * @param environment     environment.yml to solve (needs the solver), or null
 * @param lock            lock file to install (@EXPLICIT or conda-lock.yml), or null
 * @param base            "scratch", oci:DIR[:TAG] or a registry reference, or null
 * @param prefix          conda prefix in the image, or null
 * @param platforms       conda subdirs to build (several make an image index)
 * @param env             environment variables added to the image config
 * @param entrypoint      image entrypoint, or null to keep the base's
 * @param cmd             image cmd, or null to keep the base's
 * @param workdir         working directory, or null
 * @param user            user, or null
 * @param labels          extra labels
 * @param virtualPackages virtual packages the target offers ("__cuda" → "12.4"), overriding the base's
 * @param layers          layer options
 * @param tags            where to write the image (targets, as {@code --to} takes them)
 * @param files           app files ({@code files:}), above the environment
 * @param tests           commands run in the built image before a push ({@code test:})
 * @param insecureRegistries host[:port] of registries allowed plain http, as {@code --insecure-registry} adds them
 * @param pip             pip index options ({@code pip:}), {@link PipIndexSettings#NONE} when absent
 */
public record ImageSpec(
        String source,
        Path environment,
        Path lock,
        String base,
        String prefix,
        List<String> platforms,
        Map<String, String> env,
        List<String> entrypoint,
        List<String> cmd,
        String workdir,
        String user,
        Map<String, String> labels,
        Map<String, String> virtualPackages,
        LayerOptions layers,
        List<String> tags,
        List<AppFile> files,
        List<SmokeTest> tests,
        List<String> insecureRegistries,
        PipIndexSettings pip) {
    public ImageSpec {
        pip = pip == null ? PipIndexSettings.NONE : pip;
        platforms = List.copyOf(platforms);
        env = Map.copyOf(env);
        entrypoint = entrypoint == null ? null : List.copyOf(entrypoint);
        cmd = cmd == null ? null : List.copyOf(cmd);
        labels = Map.copyOf(labels);
        virtualPackages = Map.copyOf(virtualPackages);
        tags = List.copyOf(tags);
        insecureRegistries = List.copyOf(insecureRegistries);
        files = List.copyOf(files);
        tests = List.copyOf(tests);
    }

    /** A spec that only names an environment.yml: {@code condock build environment.yml}. */
    public static ImageSpec forEnvironment(Path environmentYml) {
        return builder(environmentYml.toString()).environment(environmentYml).build();
    }

    /** A spec read from {@code source} with every key absent (null, empty, {@link LayerOptions#NONE}) until set. */
    public static Builder builder(String source) {
        return new Builder(source);
    }

    /** Named setters for an {@link ImageSpec}, one per key. */
    public static final class Builder {
        private final String source;
        private Path environment;
        private Path lock;
        private String base;
        private String prefix;
        private List<String> platforms = List.of();
        private Map<String, String> env = Map.of();
        private List<String> entrypoint;
        private List<String> cmd;
        private String workdir;
        private String user;
        private Map<String, String> labels = Map.of();
        private Map<String, String> virtualPackages = Map.of();
        private LayerOptions layers = LayerOptions.NONE;
        private List<String> tags = List.of();
        private List<String> insecureRegistries = List.of();
        private List<AppFile> files = List.of();
        private List<SmokeTest> tests = List.of();
        private PipIndexSettings pip = PipIndexSettings.NONE;

        private Builder(String source) {
            this.source = source;
        }

        public Builder environment(Path v) {
            environment = v;
            return this;
        }

        public Builder lock(Path v) {
            lock = v;
            return this;
        }

        public Builder base(String v) {
            base = v;
            return this;
        }

        public Builder prefix(String v) {
            prefix = v;
            return this;
        }

        public Builder platforms(List<String> v) {
            platforms = v;
            return this;
        }

        public Builder env(Map<String, String> v) {
            env = v;
            return this;
        }

        public Builder entrypoint(List<String> v) {
            entrypoint = v;
            return this;
        }

        public Builder cmd(List<String> v) {
            cmd = v;
            return this;
        }

        public Builder workdir(String v) {
            workdir = v;
            return this;
        }

        public Builder user(String v) {
            user = v;
            return this;
        }

        public Builder labels(Map<String, String> v) {
            labels = v;
            return this;
        }

        public Builder virtualPackages(Map<String, String> v) {
            virtualPackages = v;
            return this;
        }

        public Builder layers(LayerOptions v) {
            layers = v;
            return this;
        }

        public Builder tags(List<String> v) {
            tags = v;
            return this;
        }

        public Builder insecureRegistries(List<String> v) {
            insecureRegistries = v;
            return this;
        }

        public Builder files(List<AppFile> v) {
            files = v;
            return this;
        }

        public Builder tests(List<SmokeTest> v) {
            tests = v;
            return this;
        }

        public Builder pip(PipIndexSettings v) {
            pip = v;
            return this;
        }

        public ImageSpec build() {
            return new ImageSpec(
                    source,
                    environment,
                    lock,
                    base,
                    prefix,
                    platforms,
                    env,
                    entrypoint,
                    cmd,
                    workdir,
                    user,
                    labels,
                    virtualPackages,
                    layers,
                    tags,
                    files,
                    tests,
                    insecureRegistries,
                    pip);
        }
    }

    /**
     * {@code layers:} options.
     *
     * @param compression gzip, zstd or estargz, or null
     * @param max         the most layers condock may add, or null
     * @param prefetch    eStargz: absolute image paths written first and prefetched by a lazy puller (empty: none)
     */
    public record LayerOptions(String compression, Integer max, List<String> prefetch) {
        public static final LayerOptions NONE = new LayerOptions(null, null);

        public LayerOptions {
            prefetch = prefetch == null ? List.of() : List.copyOf(prefetch);
        }

        public LayerOptions(String compression, Integer max) {
            this(compression, max, List.of());
        }
    }
}

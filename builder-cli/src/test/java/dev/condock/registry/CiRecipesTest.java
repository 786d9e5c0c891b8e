package dev.condock.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.BuiltPackage;
import dev.condock.pkgbuild.ChannelWriter;
import dev.condock.pkgbuild.CondaPackageWriter;
import dev.condock.registry.LocalRegistry.Mode;
import dev.condock.testkit.Scratch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * examples/ci's recipes, run: each recipe's shell steps (GitHub run:, GitLab before_script/script) are parsed
 * from its YAML and run with bash, in order, against a TLS + htpasswd registry on loopback with credentials from
 * CONDOCK_REGISTRY_USER/PASSWORD, on a project whose lock points at a local channel. Only the steps that install
 * condock are replaced (the test puts this build's condock on the PATH); `gh` is a stub that keeps the comment.
 */
@Tag("e2e")
class CiRecipesTest {
    /** Subcommands the condock on the test's PATH stubs (none now: check and diff --format markdown are real). */
    static final Set<String> PENDING = Set.of();

    static Path dir;
    static Path project;
    static Path bin;
    static Path podmanDir;
    /** The tests run in the repository root (or, run from an IDE, in the module). */
    static final Path RECIPES =
            Files.isDirectory(Path.of("examples", "ci")) ? Path.of("examples", "ci") : Path.of("..", "examples", "ci");

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(LocalRegistry.available(), "docker-registry not installed");
        assumeTrue(
                Consumers.isRoot()
                        && LocalRegistry.onPath("podman")
                        && LocalRegistry.onPath("runc")
                        && LocalRegistry.onPath("skopeo"),
                "root, podman, runc and skopeo needed");
        LocalRegistry.start(Mode.TLS_AUTH);
        dir = Scratch.dir("condock-ci");
        project = Files.createDirectories(dir.resolve("project"));
        String ph = CondaPackageWriter.DEFAULT_PLACEHOLDER;
        List<BuiltPackage> built = ChannelWriter.writePackages(
                dir.resolve("channel"),
                ArchiveFormat.CONDA,
                List.of(
                        CondaPackageWriter.builder("python", "3.11.4", "h0_0")
                                .subdir("linux-64")
                                .textPrefix(
                                        "bin/python",
                                        "#!/bin/sh\n[ \"$2\" = 'import torch' ] && [ -f " + ph + "/lib/libtorch.so ]\n",
                                        0755),
                        CondaPackageWriter.builder("pytorch", "2.3.0", "cpu_0")
                                .subdir("linux-64")
                                .file("lib/libtorch.so", "torch\n", 0755)));
        StringBuilder lock = new StringBuilder("# platform: linux-64\n@EXPLICIT\n");
        for (BuiltPackage p : built) {
            lock.append(p.archive().toAbsolutePath().toUri())
                    .append("#sha256:")
                    .append(p.sha256())
                    .append('\n');
        }
        Files.writeString(project.resolve("conda-lock.explicit.txt"), lock.toString());
        TestImages.Layer bb = TestImages.layer(TestImages.busyboxBase());
        new dev.condock.image.OciLayout(dir.resolve("base"))
                .write(TestImages.image(List.of(bb), List.of(), null, List.of("/bin/sh")), "bb");
        Files.createDirectories(project.resolve("src"));
        Files.writeString(project.resolve("src/train.py"), "print('train')\n");
        Files.writeString(
                project.resolve("condock.yaml"),
                "lock: conda-lock.explicit.txt\nbase: oci:" + dir.resolve("base")
                        + ":bb\nfiles:\n  - {src: src, dest: /app}\nworkdir: /app\n");

        bin = Files.createDirectories(dir.resolve("bin"));
        StringBuilder condock = new StringBuilder("#!/bin/bash\n");
        for (String sub : PENDING) {
            condock.append("if [ \"$1\" = ")
                    .append(sub)
                    .append(" ]; then echo \"| stub | condock ")
                    .append(sub)
                    .append(" (pending) |\"; exit 0; fi\n");
        }
        condock.append("exec java -cp '")
                .append(System.getProperty("java.class.path"))
                .append("' dev.condock.cli.Main \"$@\"\n");
        executable(bin.resolve("condock"), condock.toString());
        executable(
                bin.resolve("gh"),
                "#!/bin/sh\necho \"$@\" > \"" + dir.resolve("gh-args") + "\"\n"
                        + "while [ $# -gt 0 ]; do [ \"$1\" = --body-file ] && cp \"$2\" \"" + dir.resolve("gh-body")
                        + "\"; shift; done\n");
        // podman as this machine kind needs it (../shared/e2e-reference), through condock's CONDOCK_PODMAN hook
        podmanDir = Scratch.shortDir("cdci");
        Files.writeString(
                podmanDir.resolve("containers.conf"),
                "[containers]\ndefault_ulimits = [\"nofile=1024:1024\","
                        + " \"nproc=4096:4096\"]\nnetns = \"none\"\n[engine]\nruntime = \"runc\"\ncgroup_manager = "
                        + "\"cgroupfs\"\nevents_logger = \"file\"\n");
        Files.writeString(podmanDir.resolve("registries.conf"), "unqualified-search-registries = []\n");
        executable(
                podmanDir.resolve("podman"),
                "#!/bin/sh\nexport CONTAINERS_CONF=" + podmanDir
                        + "/containers.conf CONTAINERS_REGISTRIES_CONF=" + podmanDir
                        + "/registries.conf\nexec podman --root "
                        + podmanDir + "/root --runroot " + podmanDir + "/run --tmpdir " + podmanDir + "/tmp \"$@\"\n");
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (podmanDir != null) {
            Tool.run(
                    Path.of("/tmp"),
                    Map.of(),
                    120,
                    podmanDir.resolve("podman").toString(),
                    "system",
                    "reset",
                    "--force");
            Scratch.delete(podmanDir);
        }
    }

    private static void executable(Path p, String text) throws Exception {
        Files.writeString(p, text);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What every step gets: the test's tools first on PATH, the loopback registry's credentials and CA. */
    private static Map<String, String> baseEnv(Path cache) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", bin + ":" + System.getenv("PATH"));
        env.put("HOME", dir.resolve("home").toString());
        env.put("CONDOCK_CACHE", cache.toString());
        env.put("CONDOCK_PODMAN", podmanDir.resolve("podman").toString());
        env.put("CONDOCK_REGISTRY_USER", LocalRegistry.USER);
        env.put("CONDOCK_REGISTRY_PASSWORD", LocalRegistry.PASSWORD);
        env.put("REGISTRY_FLAGS", "--registry-ca " + LocalRegistry.caFile());
        return env;
    }

    private static Tool.Result bash(Map<String, String> env, String script) throws Exception {
        return Tool.run(project, env, 300, "bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script);
    }

    /** The digest of {@code ref} in the loopback registry, asked with skopeo. */
    private static String registryDigest(String ref) throws Exception {
        Tool.Result r = Tool.run(
                dir,
                Map.of(),
                60,
                "skopeo",
                "inspect",
                "--cert-dir=" + LocalRegistry.certDir(),
                "--creds=" + LocalRegistry.USER + ":" + LocalRegistry.PASSWORD,
                "--format",
                "{{.Digest}}",
                "docker://" + ref);
        assertEquals(0, r.exit(), r.output());
        return r.output().strip();
    }

    @Test
    @SuppressWarnings("unchecked")
    void githubActionsStepsRunGreen() throws Exception {
        Map<String, Object> wf = load("github-actions.yml");
        Map<String, Object> job = (Map<String, Object>) ((Map<String, Object>) wf.get("jobs")).get("image");
        Path temp = Files.createDirectories(dir.resolve("gh-runner-temp"));
        Map<String, String> env = new LinkedHashMap<>();
        Map<String, String> overrides = Map.of(
                "IMAGE",
                Mode.TLS_AUTH.host() + "/team/train",
                "CONDOCK_URL",
                "unused",
                "CONDOCK_REGISTRY_USER",
                LocalRegistry.USER,
                "CONDOCK_REGISTRY_PASSWORD",
                LocalRegistry.PASSWORD,
                "PR_NUMBER",
                "7",
                "GH_TOKEN",
                "unused");
        for (Map.Entry<String, Object> e : ((Map<String, Object>) job.get("env")).entrySet()) {
            String v = String.valueOf(e.getValue());
            if (v.contains("${{")) {
                assertTrue(overrides.containsKey(e.getKey()), "the test must set " + e.getKey());
                v = overrides.get(e.getKey());
            }
            env.put(e.getKey(), v);
        }
        env.putAll(baseEnv(dir.resolve("gh-cache")));
        env.put("RUNNER_TEMP", temp.toString());
        env.put("GITHUB_SHA", "0123456789abcdef");
        int ran = 0;
        for (Map<String, Object> step : (List<Map<String, Object>>) job.get("steps")) {
            String run = (String) step.get("run");
            if (run == null || "Install condock".equals(step.get("name"))) {
                continue; // uses: actions, and the install this test replaces
            }
            assertFalse(run.contains("${{"), step.get("name") + ": expressions in run: are script injection risks");
            Tool.Result r = bash(env, run);
            assertEquals(0, r.exit(), step.get("name") + " failed:\n" + r.output());
            ran++;
        }
        assertEquals(5, ran, "check, build, test, diff, push");
        String tested = Files.readString(temp.resolve("candidate.digest")).strip();
        assertEquals(tested, registryDigest(Mode.TLS_AUTH.host() + "/team/train:latest"));
        assertEquals(tested, registryDigest(Mode.TLS_AUTH.host() + "/team/train:0123456789abcdef"));
        assertTrue(Files.readString(dir.resolve("gh-args")).startsWith("pr comment 7 --body-file"));
        assertFalse(Files.readString(dir.resolve("gh-body")).isBlank(), "the diff went into the comment");
    }

    @Test
    @SuppressWarnings("unchecked")
    void gitlabJobsRunGreen() throws Exception {
        Map<String, Object> ci = load("gitlab-ci.yml");
        StringBuilder prelude = new StringBuilder();
        Map<String, String> env = baseEnv(dir.resolve("gl-cache"));
        env.put("CI_REGISTRY_IMAGE", Mode.TLS_AUTH.host() + "/group/project");
        env.put("CI_PROJECT_DIR", project.toString());
        env.put("CI_COMMIT_SHORT_SHA", "0123abcd");
        env.put("CI_PIPELINE_SOURCE", "merge_request_event");
        env.put("CI_API_V4_URL", "http://127.0.0.1:9/unused");
        for (Map.Entry<String, Object> v : ((Map<String, Object>) ci.get("variables")).entrySet()) {
            if (!v.getKey().equals("REGISTRY_FLAGS") && !v.getKey().equals("CONDOCK_CACHE")) {
                prelude.append("export ")
                        .append(v.getKey())
                        .append("=\"")
                        .append(String.valueOf(v.getValue())
                                .replace("\\", "\\\\")
                                .replace("\"", "\\\""))
                        .append("\"\n");
            }
        }
        List<String> ran = new ArrayList<>();
        for (String stage : (List<String>) ci.get("stages")) {
            for (Map.Entry<String, Object> e : ci.entrySet()) {
                if (!(e.getValue() instanceof Map<?, ?> job) || !stage.equals(job.get("stage"))) {
                    continue;
                }
                // default.before_script installs condock: replaced by the test's condock on the PATH
                String script = prelude + String.join("\n", (List<String>) job.get("script"));
                Tool.Result r = bash(env, script);
                assertEquals(0, r.exit(), "job " + e.getKey() + " failed:\n" + r.output());
                ran.add(e.getKey());
            }
        }
        assertEquals(List.of("check", "build", "smoke-test", "diff", "push"), ran);
        String tested = Files.readString(project.resolve("candidate.digest")).strip();
        assertEquals(tested, registryDigest(Mode.TLS_AUTH.host() + "/group/project/train:latest"));
        assertEquals(tested, registryDigest(Mode.TLS_AUTH.host() + "/group/project/train:0123abcd"));
        assertTrue(Files.isRegularFile(project.resolve("diff.md")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(String name) throws Exception {
        return (Map<String, Object>)
                new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(RECIPES.resolve(name)));
    }
}

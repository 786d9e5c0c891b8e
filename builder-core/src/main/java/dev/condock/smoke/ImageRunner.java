package dev.condock.smoke;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.condock.image.DockerArchive;
import dev.condock.image.OciLayout;
import dev.condock.util.CondockException;
import dev.condock.util.FileTrees;
import dev.condock.util.Json;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs one command in an image with a real runtime, with the image's Env, WorkingDir, User and Entrypoint (the
 * command replaces Cmd), no network unless asked, stdin closed. The exit code is the command's. podman and docker
 * read the config themselves; for runc, umoci unpacks a bundle whose config.json umoci derives from the image's
 * (env, cwd, uid/gid from the image's /etc/passwd), and only args, terminal and the network namespace are set here.
 * {@code CONDOCK_PODMAN}, {@code CONDOCK_DOCKER}, {@code CONDOCK_RUNC} name another program to run instead (a
 * wrapper that adds site flags such as podman's --root/--runroot); the system properties {@code condock.podman}
 * etc. do the same for an embedding JVM.
 */
public final class ImageRunner {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final Path work;

    /** {@code work}: where runc bundles and docker archives are made (and removed afterwards). */
    public ImageRunner(Path work) {
        this.work = work;
    }

    /** The runtime AUTO picks here, or an environment error naming what to install. */
    public static ContainerRuntime resolve(ContainerRuntime r) throws CondockException {
        if (r != ContainerRuntime.AUTO) {
            String missing = switch (r) {
                case PODMAN -> has("podman") ? null : "podman";
                case DOCKER -> has("docker") ? null : "docker";
                default -> !has("runc") ? "runc" : !onPath("umoci") ? "umoci" : null;
            };
            if (missing != null) {
                throw CondockException.environment("--runtime " + r + ": " + missing + " is not installed");
            }
            return r;
        }
        if (has("podman")) {
            return ContainerRuntime.PODMAN;
        }
        if (has("docker") && dockerAnswers()) {
            return ContainerRuntime.DOCKER;
        }
        if (has("runc") && onPath("umoci")) {
            return ContainerRuntime.RUNC;
        }
        throw CondockException.environment("no container runtime to run the image: install podman, docker (with a "
                + "running daemon) or runc and umoci");
    }

    /**
     * Runs {@code cmd} (empty: the image's Cmd) in {@code image}; output goes to {@code out} (INHERIT streams it,
     * a file captures stdout and stderr together).
     */
    public int run(LocalImage image, List<String> cmd, RunOptions o, ProcessBuilder.Redirect out)
            throws CondockException {
        ContainerRuntime r = resolve(o.runtime());
        try {
            return switch (r) {
                case PODMAN -> podman(image, cmd, o, out);
                case DOCKER -> docker(image, cmd, o, out);
                default -> runc(image, cmd, o, out);
            };
        } catch (IOException e) {
            throw CondockException.environment(r + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * podman copies an {@code oci:} image into its store under a name of its own ({@code localhost/DIR}) and keeps
     * it: without clean-up every {@code --test} would leave a copy of the image there. What this run added is
     * removed after it: the whole image when the store did not hold it before, else only the names it gained.
     * podman's image ID is the config digest, so the image is found without guessing the name podman chose.
     */
    private static int podman(LocalImage image, List<String> cmd, RunOptions o, ProcessBuilder.Redirect out)
            throws IOException, CondockException {
        String id =
                new OciLayout(image.dir()).read(image.tag()).config().digest().substring("sha256:".length());
        List<String> before = podmanNames(id);
        try {
            return exec(podmanArgs(image, cmd, o), out);
        } finally {
            removeWhatTheRunAdded(id, before);
        }
    }

    /** Best effort, after the run: a failing clean-up must not replace the run's own result. */
    private static void removeWhatTheRunAdded(String id, List<String> before) {
        try {
            List<String> after = podmanNames(id);
            if (after != null && before == null) {
                quietly(List.of(program("podman"), "rmi", id));
            } else if (after != null) {
                for (String name : after) {
                    if (!before.contains(name)) {
                        quietly(List.of(program("podman"), "untag", id, name));
                    }
                }
            }
        } catch (IOException e) {
            // podman could not be asked: the store keeps the copy, as before this clean-up existed
        }
    }

    /** The names podman's store gives image {@code id}, or null when it does not hold it. */
    static List<String> podmanNames(String id) throws IOException {
        Process p = new ProcessBuilder(program("podman"), "image", "inspect", "--format", "{{json .RepoTags}}", id)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        List<String> names = new ArrayList<>();
        Json.CANONICAL.readTree(output.isEmpty() ? "[]" : output).forEach(n -> names.add(n.asText()));
        return names;
    }

    /** A clean-up command; its exit status is not looked at. */
    private static void quietly(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<String> podmanArgs(LocalImage image, List<String> cmd, RunOptions o) {
        List<String> a = new ArrayList<>(List.of(program("podman"), "run", "--rm", "-q"));
        if (!o.network()) {
            a.add("--network=none");
        }
        if (o.gpus()) {
            a.add("--device=nvidia.com/gpu=all"); // CDI, as the NVIDIA container toolkit sets it up for podman
        }
        if (o.entrypoint() != null) {
            a.add("--entrypoint="
                    + (o.entrypoint().isEmpty()
                            ? ""
                            : new String(Json.canonicalBytes(o.entrypoint()), StandardCharsets.UTF_8)));
        }
        a.add(image.toString());
        a.addAll(cmd);
        return a;
    }

    /** docker cannot run an OCI layout: load it as a docker-archive under a unique name, run, remove it. */
    private int docker(LocalImage image, List<String> cmd, RunOptions o, ProcessBuilder.Redirect out)
            throws IOException, CondockException {
        String name = "condock-test:" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        Path archive = Files.createTempFile(Files.createDirectories(work), "docker-", ".tar");
        try {
            DockerArchive.write(new OciLayout(image.dir()).read(image.tag()), archive, name);
            helper(List.of(program("docker"), "load", "-q", "-i", archive.toString()), "docker load");
        } finally {
            Files.deleteIfExists(archive);
        }
        try {
            List<String> a = new ArrayList<>(List.of(program("docker"), "run", "--rm"));
            if (!o.network()) {
                a.add("--network=none");
            }
            if (o.gpus()) {
                a.addAll(List.of("--gpus", "all"));
            }
            List<String> args = new ArrayList<>(cmd);
            if (o.entrypoint() != null) {
                // docker's --entrypoint is one word: the rest of a longer one goes before the command
                a.add("--entrypoint="
                        + (o.entrypoint().isEmpty() ? "" : o.entrypoint().get(0)));
                if (o.entrypoint().size() > 1) {
                    args.addAll(0, o.entrypoint().subList(1, o.entrypoint().size()));
                }
            }
            a.add(name);
            a.addAll(args);
            return exec(a, out);
        } finally {
            helper(List.of(program("docker"), "rmi", "-f", name), "docker rmi");
        }
    }

    /** umoci unpack → config.json (args, no terminal, network namespace) → runc run, bundle removed after. */
    private int runc(LocalImage image, List<String> cmd, RunOptions o, ProcessBuilder.Redirect out)
            throws IOException, CondockException {
        if (o.gpus()) {
            throw CondockException.user("--gpus is not supported with --runtime runc (use podman with the NVIDIA "
                    + "container toolkit's CDI, or docker)");
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(work), "runc-");
        try {
            Path bundle = dir.resolve("bundle");
            helper(
                    List.of("umoci", "unpack", "--image", image.dir() + ":" + image.tag(), bundle.toString()),
                    "umoci unpack");
            JsonNode imageConfig = Json.CANONICAL
                    .readTree(new OciLayout(image.dir()).read(image.tag()).configBytes())
                    .path("config");
            List<String> args = new ArrayList<>();
            if (o.entrypoint() != null) {
                args.addAll(o.entrypoint());
            } else {
                imageConfig.path("Entrypoint").forEach(n -> args.add(n.asText()));
            }
            if (!cmd.isEmpty()) {
                args.addAll(cmd);
            } else {
                imageConfig.path("Cmd").forEach(n -> args.add(n.asText()));
            }
            if (args.isEmpty()) {
                throw CondockException.user(image + ": no command to run (the image has no Entrypoint or Cmd)");
            }
            Path configFile = bundle.resolve("config.json");
            ObjectNode config = (ObjectNode) Json.CANONICAL.readTree(configFile.toFile());
            ObjectNode process = (ObjectNode) config.path("process");
            process.put("terminal", false);
            ArrayNode a = process.putArray("args");
            args.forEach(a::add);
            ObjectNode linux = config.has("linux") ? (ObjectNode) config.get("linux") : config.putObject("linux");
            ArrayNode ns = linux.has("namespaces") ? (ArrayNode) linux.get("namespaces") : linux.putArray("namespaces");
            ArrayNode kept = Json.CANONICAL.createArrayNode();
            ns.forEach(n -> {
                if (!"network".equals(n.path("type").asText())) {
                    kept.add(n);
                }
            });
            if (!o.network()) {
                kept.addObject().put("type", "network"); // a new, empty namespace: loopback only
            }
            linux.set("namespaces", kept);
            Files.write(configFile, Json.canonicalBytes(config));
            String id = "condock-test-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
            return exec(
                    List.of(
                            program("runc"),
                            "--root",
                            dir.resolve("state").toString(),
                            "run",
                            "-b",
                            bundle.toString(),
                            id),
                    out);
        } finally {
            FileTrees.deleteQuietly(dir);
        }
    }

    private static int exec(List<String> command, ProcessBuilder.Redirect out) throws IOException, CondockException {
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (out == ProcessBuilder.Redirect.INHERIT) {
            pb.redirectOutput(out).redirectError(out);
        } else {
            pb.redirectErrorStream(true).redirectOutput(out);
        }
        Process p = pb.start();
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            throw CondockException.environment("interrupted while running " + command.get(0));
        }
    }

    /** A preparation step: its output only matters when it fails. */
    private static void helper(List<String> command, String what) throws IOException, CondockException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            if (p.waitFor() != 0) {
                throw CondockException.environment(what + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CondockException.environment("interrupted during " + what);
        }
    }

    private static boolean dockerAnswers() {
        try {
            Process p = new ProcessBuilder(program("docker"), "info")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The program to run for {@code name}: CONDOCK_NAME, else the condock.name property, else the name. */
    static String program(String name) {
        String env = System.getenv("CONDOCK_" + name.toUpperCase(java.util.Locale.ROOT));
        if (env != null && !env.isBlank()) {
            return env;
        }
        return System.getProperty("condock." + name, name);
    }

    private static boolean has(String name) {
        String p = program(name);
        return p.equals(name) ? onPath(name) : Files.isExecutable(Path.of(p));
    }

    static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }
}

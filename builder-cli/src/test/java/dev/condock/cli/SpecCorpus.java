package dev.condock.cli;

import dev.condock.pkgbuild.ArchiveFormat;
import dev.condock.pkgbuild.ChannelWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** environment.yml (through {@code condock lock}) and condock.yaml (through {@code condock build}) gone wrong. */
final class SpecCorpus {
    private SpecCorpus() {}

    /** Writes the good channel, an empty .condarc and {@code text} (CHANNEL replaced) as env.yml; locks it. */
    static List<String> lockEnv(Path dir, String text) throws Exception {
        Path channel = dir.resolve("channel");
        ChannelWriter.writePackages(channel, ArchiveFormat.CONDA, Fixtures.packages());
        Path env = dir.resolve("environment.yml");
        Files.writeString(env, text.replace("CHANNEL", channel.toAbsolutePath().toString()));
        Path condarc = Files.writeString(dir.resolve("condarc"), "channel_alias: " + dir.toUri() + "\n");
        return List.of(
                "lock", env.toString(), "-o", dir.resolve("out.yml").toString(), "--condarc", condarc.toString());
    }

    private static CorpusCase env(String name, String text, String fragment) {
        return new CorpusCase("environment.yml: " + name, 2, fragment, d -> lockEnv(d, text));
    }

    private static CorpusCase envDeps(String name, String dep, String fragment) {
        return env(name, "channels: [CHANNEL]\ndependencies:\n  - " + dep + "\n", fragment);
    }

    static List<CorpusCase> environment() {
        List<CorpusCase> c = new ArrayList<>();
        String ok = "channels: [CHANNEL]\ndependencies:\n  - footool\n";
        c.add(new CorpusCase("environment.yml: a good one", 0, "", d -> lockEnv(d, ok)));
        c.add(env("empty file", "", "environment.yml:1:1: empty file"));
        c.add(env("only a comment", "# nothing\n", "empty file"));
        c.add(env("a list at the top", "- footool\n", "environment.yml:1:1: expected a mapping"));
        c.add(env("a scalar at the top", "footool\n", "expected a mapping"));
        c.add(env(
                "unknown key",
                "channels: [CHANNEL]\ndependncies: [footool]\n",
                "environment.yml:2:1: unknown key 'dependncies'"));
        c.add(env(
                "duplicate dependencies",
                "channels: [CHANNEL]\ndependencies: [python]\ndependencies: [footool]\n",
                "environment.yml:3:1: duplicate key 'dependencies' (first at line 2)"));
        c.add(env(
                "duplicate channels",
                "channels: [CHANNEL]\nchannels: [CHANNEL]\ndependencies: [footool]\n",
                "environment.yml:2:1: duplicate key 'channels'"));
        c.add(env(
                "duplicate name",
                "name: a\nname: b\nchannels: [CHANNEL]\ndependencies: [footool]\n",
                "duplicate key 'name'"));
        c.add(env(
                "duplicate variable",
                "channels: [CHANNEL]\ndependencies: [footool]\nvariables:\n  A: 1\n  A: 2\n",
                "environment.yml:5:3: duplicate key 'A'"));
        c.add(env(
                "dependencies a string",
                "channels: [CHANNEL]\ndependencies: footool\n",
                "environment.yml:2:15: expected a list of dependencies"));
        c.add(env(
                "dependencies a mapping",
                "channels: [CHANNEL]\ndependencies: {a: 1}\n",
                "expected a list of dependencies"));
        c.add(env(
                "a nested list dependency",
                "channels: [CHANNEL]\ndependencies:\n  - [footool]\n",
                "environment.yml:3:5: expected a MatchSpec"));
        c.add(env(
                "an empty dependency",
                "channels: [CHANNEL]\ndependencies:\n  -\n",
                "environment.yml:3:4: expected a MatchSpec"));
        c.add(envDeps("double operator", "libfoo >=>=1", "environment.yml:3:5:"));
        // conda too takes a version with "@" as an exact string: nothing matches it
        c.add(envDeps("garbage version", "'libfoo 1.0!!@@##'", "environment.yml (linux-64): cannot solve"));
        c.add(envDeps("operator without version", "'libfoo =='", "environment.yml:3:5:"));
        c.add(envDeps("no name", "'>=1.0'", "environment.yml:3:5: no package name"));
        c.add(envDeps("unclosed bracket", "'libfoo[version=1'", "environment.yml:3:5: unbalanced bracket"));
        c.add(envDeps("unknown bracket key", "'libfoo[colour=red]'", "environment.yml:3:5: unknown key 'colour'"));
        c.add(envDeps("unbalanced parenthesis", "'libfoo (>=1'", "environment.yml:3:5:"));
        c.add(envDeps("trailing comma", "'libfoo >=1,'", "environment.yml:3:5:"));
        c.add(envDeps("epoch twice", "'libfoo 1!2!3'", "environment.yml:3:5:"));
        c.add(envDeps("local version twice", "'libfoo 1+a+b'", "environment.yml:3:5:"));
        c.add(envDeps("tilde with star", "'libfoo ~=1.*'", "environment.yml:3:5:"));
        c.add(envDeps("unknown package", "nosuchpkg", "environment.yml"));
        c.add(envDeps("unsatisfiable version", "'libfoo >=99'", "environment.yml"));
        c.add(env(
                "pip not a list",
                "channels: [CHANNEL]\ndependencies:\n  - footool\n  - pip: numpy\n",
                "environment.yml:4:10: expected a list of pip requirements"));
        c.add(env(
                "npm section",
                "channels: [CHANNEL]\ndependencies:\n  - footool\n  - npm: [left-pad]\n",
                "environment.yml:4:5: unknown dependency section 'npm'"));
        c.add(env(
                "channels a string",
                "channels: CHANNEL\ndependencies: [footool]\n",
                "environment.yml:1:11: expected a list of channels"));
        c.add(env(
                "ftp channel",
                "channels: ['ftp://example.org/ch']\ndependencies: [footool]\n",
                "environment.yml:1:12: unsupported channel URL scheme 'ftp'"));
        c.add(env(
                "unclosed IPv6 channel",
                "channels: ['http://[::1']\ndependencies: [footool]\n",
                "environment.yml:1:12: malformed channel URL"));
        c.add(env("channel without host", "channels: ['https:///ch']\ndependencies: [footool]\n", "no host"));
        c.add(env(
                "channel with a space",
                "channels: ['conda forge']\ndependencies: [footool]\n",
                "environment.yml:1:12: not a channel name, URL or path"));
        c.add(env("empty channel", "channels: ['']\ndependencies: [footool]\n", "environment.yml:1:12: empty channel"));
        c.add(env(
                "channel a mapping",
                "channels: [{a: b}]\ndependencies: [footool]\n",
                "environment.yml:1:12: expected a channel"));
        c.add(env(
                "channel named 42 that does not exist",
                "channels: [42]\ndependencies: [footool]\n",
                "environment.yml: channel 42"));
        c.add(env("no channels", "dependencies: [footool]\n", "no channels"));
        c.add(env(
                "variables a list",
                "channels: [CHANNEL]\ndependencies: [footool]\nvariables: [A]\n",
                "environment.yml:3:12: expected a mapping of variables"));
        c.add(env(
                "variable value a mapping",
                "channels: [CHANNEL]\ndependencies: [footool]\nvariables:\n  A: {b: c}\n",
                "environment.yml:4:6: expected a value"));
        c.add(env(
                "name a list",
                "name: [a]\nchannels: [CHANNEL]\ndependencies: [footool]\n",
                "environment.yml:1:7: expected a name"));
        c.add(env(
                "prefix a list",
                "prefix: [a]\nchannels: [CHANNEL]\ndependencies: [footool]\n",
                "environment.yml:1:9: expected a path"));
        c.add(env(
                "tab indentation",
                "channels: [CHANNEL]\ndependencies:\n\t- footool\n",
                "environment.yml:3:1: malformed YAML"));
        c.add(env("unclosed quote", "channels: [CHANNEL]\ndependencies:\n  - \"footool\n", "malformed YAML"));
        c.add(env("unclosed flow list", "channels: [CHANNEL\ndependencies: [footool]\n", "malformed YAML"));
        c.add(env("undefined alias", "channels: [CHANNEL]\ndependencies: *deps\n", "malformed YAML"));
        c.add(env("a NUL byte", "channels: [CHANNEL]\ndependencies: [foo\0tool]\n", "environment.yml"));
        c.add(env("two documents", "channels: [CHANNEL]\n---\ndependencies: [footool]\n", "malformed YAML"));
        c.add(env("a key mapping", "channels: [CHANNEL]\n? [a]\n: b\n", "environment.yml:2:3: expected a key"));
        return c;
    }

    /** Writes an environment and its lock next to {@code condock.yaml} (text) and builds that spec. */
    static List<String> buildSpec(Path dir, String text) throws Exception {
        Path lock = Fixtures.channelAndLock(dir, ArchiveFormat.CONDA);
        Files.writeString(
                dir.resolve("condock.yaml"),
                text.replace("LOCK", lock.getFileName().toString()));
        return List.of(
                "build",
                dir.resolve("condock.yaml").toString(),
                "--cache",
                dir.resolve("cache").toString(),
                "--to",
                "oci:" + dir.resolve("out"));
    }

    private static CorpusCase spec(String name, String text, String fragment) {
        return new CorpusCase("condock.yaml: " + name, 2, fragment, d -> buildSpec(d, text));
    }

    static List<CorpusCase> condockYaml() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(new CorpusCase("condock.yaml: a good one", 0, "", d -> buildSpec(d, "lock: LOCK\n")));
        c.add(spec("empty", "", "condock.yaml: empty spec"));
        c.add(spec("a list", "- lock\n", "condock.yaml:1: the spec must be a mapping"));
        c.add(spec("unknown key", "lock: LOCK\nlokc: x\n", "condock.yaml:2: unknown key 'lokc'"));
        c.add(spec("duplicate key", "lock: LOCK\nlock: LOCK\n", "condock.yaml:2: duplicate key 'lock'"));
        c.add(spec("relative prefix", "lock: LOCK\nprefix: opt/conda\n", "condock.yaml: prefix"));
        c.add(spec("prefix a list", "lock: LOCK\nprefix: [a]\n", "condock.yaml:2: prefix must be a string"));
        c.add(spec("empty prefix", "lock: LOCK\nprefix: ''\n", "condock.yaml:2: prefix must not be empty"));
        c.add(spec(
                "platforms a string",
                "lock: LOCK\nplatforms: linux-64\n",
                "condock.yaml:2: platforms must be a list of strings"));
        c.add(spec("unknown platform", "lock: LOCK\nplatforms: [linux-sparc]\n", "unknown platform 'linux-sparc'"));
        c.add(spec("layers a list", "lock: LOCK\nlayers: [1]\n", "condock.yaml:2: layers must be a mapping"));
        c.add(spec(
                "unknown layers key",
                "lock: LOCK\nlayers:\n  maxx: 3\n",
                "condock.yaml:3: unknown key 'maxx' in layers"));
        c.add(spec(
                "layers.max a word",
                "lock: LOCK\nlayers:\n  max: many\n",
                "condock.yaml:3: layers.max must be a positive integer"));
        c.add(spec("layers.max zero", "lock: LOCK\nlayers:\n  max: 0\n", "layers.max must be a positive integer"));
        c.add(spec(
                "layers.compression lz4",
                "lock: LOCK\nlayers:\n  compression: lz4\n",
                "condock.yaml:3: layers.compression must be gzip, zstd or estargz"));
        c.add(spec("env a list", "lock: LOCK\nenv: [A=1]\n", "condock.yaml:2: env must be a mapping"));
        c.add(spec("env value a list", "lock: LOCK\nenv:\n  A: [1]\n", "condock.yaml:3: env.A must be a string"));
        c.add(spec("labels a string", "lock: LOCK\nlabels: x\n", "condock.yaml:2: labels must be a mapping"));
        c.add(spec(
                "entrypoint a mapping",
                "lock: LOCK\nentrypoint: {a: b}\n",
                "condock.yaml:2: entrypoint must be a list of strings"));
        c.add(spec("lock file missing", "lock: nope.txt\n", "nope.txt"));
        c.add(spec("environment file missing", "environment: nope.yml\n", "nope.yml"));
        c.add(spec("neither environment nor lock", "prefix: /opt/conda\n", "condock.yaml"));
        c.add(spec("bad base reference", "lock: LOCK\nbase: 'docker://UPPER CASE'\n", "condock.yaml:2:"));
        c.add(spec("tags not a list", "lock: LOCK\ntags: 5\n", "condock.yaml:2: tags must be a list of strings"));
        c.add(spec("malformed YAML", "lock: [LOCK\n", "condock.yaml:2: invalid YAML"));
        c.add(spec("tab indentation", "layers:\n\tmax: 2\n", "invalid YAML"));
        return c;
    }
}

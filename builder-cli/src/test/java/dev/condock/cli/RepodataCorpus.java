package dev.condock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * repodata.json gone wrong, solved with {@code condock lock}. A malformed record is skipped with a warning naming
 * channel, file and record (what conda does): the solve then fails (exit 2) when it needed that record and
 * succeeds when it did not. A file that is not repodata at all is refused naming file:line.
 */
final class RepodataCorpus {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FOOTOOL = "footool-1.0-0.conda";
    private static final String LIBFOO = "libfoo-2.0-h1_0.conda";
    private static final String PYTHON = "python-3.11.4-h0_0_cpython.conda";

    private RepodataCorpus() {}

    private static CorpusCase text(String name, String subdir, UnaryOperator<String> edit, int exit, String fragment) {
        return new CorpusCase("repodata: " + name, exit, fragment, d -> {
            List<String> args = SpecCorpus.lockEnv(d, "channels: [CHANNEL]\ndependencies: [footool]\n");
            Path rd = d.resolve("channel").resolve(subdir).resolve("repodata.json");
            Files.write(rd, edit.apply(Files.readString(rd)).getBytes(StandardCharsets.UTF_8));
            return args;
        });
    }

    /** Edits one linux-64 record; {@code skipped} is the record the warning must name. */
    private static CorpusCase record(String name, String fn, Consumer<ObjectNode> edit, int exit, String why) {
        return new CorpusCase("repodata: " + name, exit, "skipped malformed record '" + fn + "': " + why, d -> {
            List<String> args = SpecCorpus.lockEnv(d, "channels: [CHANNEL]\ndependencies: [footool]\n");
            Path rd = d.resolve("channel").resolve("linux-64").resolve("repodata.json");
            ObjectNode root = (ObjectNode) JSON.readTree(rd.toFile());
            edit.accept((ObjectNode) root.get("packages.conda").get(fn));
            JSON.writeValue(rd.toFile(), root);
            return args;
        });
    }

    /** Edits linux-64's "packages.conda"; the footool record is the one skipped. */
    private static CorpusCase packages(String name, Consumer<ObjectNode> edit, String why) {
        return new CorpusCase("repodata: " + name, 2, "skipped malformed record '" + FOOTOOL + "': " + why, d -> {
            List<String> args = SpecCorpus.lockEnv(d, "channels: [CHANNEL]\ndependencies: [footool]\n");
            Path rd = d.resolve("channel").resolve("linux-64").resolve("repodata.json");
            ObjectNode root = (ObjectNode) JSON.readTree(rd.toFile());
            edit.accept((ObjectNode) root.get("packages.conda"));
            JSON.writeValue(rd.toFile(), root);
            return args;
        });
    }

    private static CorpusCase footool(String name, Consumer<ObjectNode> edit, String why) {
        return record(name, FOOTOOL, edit, 2, why);
    }

    static List<CorpusCase> cases() {
        List<CorpusCase> c = new ArrayList<>();
        c.add(footool("depends a string", r -> r.put("depends", "libfoo"), "'depends' is not a list of strings"));
        c.add(footool(
                "depends holds a number", r -> r.putArray("depends").add(1), "'depends' is not a list of strings"));
        c.add(footool(
                "depends holds null", r -> r.putArray("depends").addNull(), "'depends' is not a list of strings"));
        c.add(footool(
                "depends an object", r -> r.putObject("depends").put("a", "b"), "'depends' is not a list of strings"));
        c.add(footool(
                "constrains a string", r -> r.put("constrains", "libbin"), "'constrains' is not a list of strings"));
        c.add(footool("garbage version", r -> r.put("version", "1.0!!@@##"), "invalid version '1.0!!@@##'"));
        c.add(footool("empty version", r -> r.put("version", ""), "invalid version ''"));
        c.add(footool("version with a space", r -> r.put("version", "1 0"), "invalid version '1 0'"));
        c.add(footool(
                "double operator in depends",
                r -> r.putArray("depends").add("libfoo >=>=1"),
                "invalid depends entry 'libfoo >=>=1'"));
        c.add(footool(
                "double operator in constrains",
                r -> r.putArray("constrains").add("libbin >=>=1"),
                "invalid constrains entry 'libbin >=>=1'"));
        c.add(footool("depends without a name", r -> r.putArray("depends").add(">=1"), "invalid depends entry '>=1'"));
        c.add(footool(
                "unclosed bracket in depends",
                r -> r.putArray("depends").add("libfoo[version=1"),
                "invalid depends entry 'libfoo[version=1'"));
        c.add(footool("empty depends entry", r -> r.putArray("depends").add(""), "invalid depends entry ''"));
        c.add(footool("no name", r -> r.remove("name"), "lacks name, version or build"));
        c.add(footool("null version", r -> r.putNull("version"), "lacks name, version or build"));
        c.add(footool("no build", r -> r.remove("build"), "lacks name, version or build"));
        c.add(footool(
                "control characters in the version",
                r -> r.put("version", "1\n\u001b[31m"),
                "invalid version '1\\x0a"));
        c.add(record(
                "a dependency's record is malformed",
                LIBFOO,
                r -> r.put("depends", "x"),
                2,
                "'depends' is not a list of strings"));
        c.add(record(
                "an unneeded record is malformed: the solve goes on",
                PYTHON,
                r -> r.put("version", "!!"),
                0,
                "invalid version '!!'"));
        c.add(packages("a record that is a string", p -> p.put(FOOTOOL, "x"), "not a JSON object"));
        c.add(packages(
                "a record that is a list", p -> p.putArray(FOOTOOL).add(1).addObject(), "not a JSON object"));
        c.add(packages("a record that is null", p -> p.putNull(FOOTOOL), "not a JSON object"));
        c.add(text("truncated", "linux-64", s -> s.substring(0, s.length() / 2), 2, "linux-64/repodata.json:"));
        c.add(text("empty", "linux-64", s -> "", 2, "linux-64/repodata.json:"));
        c.add(text(
                "a JSON list",
                "linux-64",
                s -> "[" + s + "]",
                2,
                "linux-64/repodata.json:1:2: expected a JSON object"));
        c.add(text("packages a list", "linux-64", s -> "{\"packages\": []}", 2, "'packages' must be an object"));
        c.add(text("NUL bytes", "linux-64", s -> "\0\0\0\0", 2, "corrupt repodata JSON"));
        c.add(text("HTML instead of JSON", "linux-64", s -> "<html>proxy error</html>", 2, "corrupt repodata JSON"));
        c.add(text(
                "nested 5000 deep",
                "linux-64",
                s -> s.replaceFirst("\\{", "{\"deep\": " + "[".repeat(5000) + "]".repeat(5000) + ","),
                2,
                "linux-64/repodata.json:"));
        c.add(text(
                "a build_number beyond long",
                "linux-64",
                s -> s.replace("\"build_number\" : 0", "\"build_number\" : 1" + "0".repeat(40)),
                2,
                "linux-64/repodata.json:"));
        c.add(text("a broken noarch", "noarch", s -> s.substring(0, 10), 2, "noarch/repodata.json:"));
        c.add(text(
                "a base_url that is not a URL",
                "linux-64",
                s -> s.replaceFirst("\"info\" : \\{", "\"info\" : {\"base_url\": \"::: ::\","),
                2,
                "linux-64/repodata.json: info.base_url"));
        c.add(text(
                "info a string", "linux-64", s -> s.replaceFirst("\"info\" : \\{[^}]*}", "\"info\" : \"x\""), 0, ""));
        c.add(footool("a timestamp in words", r -> r.put("timestamp", "yesterday"), "")
                .withExit(0));
        c.add(footool("a build_number in words", r -> r.put("build_number", "abc"), "")
                .withExit(0));
        return c;
    }
}

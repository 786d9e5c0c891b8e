package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipSectionTest {
    @TempDir
    Path dir;

    @Test
    void requirementsOptionsAndIncludes() throws Exception {
        Files.createDirectories(dir.resolve("reqs"));
        Files.writeString(
                dir.resolve("reqs/base.txt"),
                "# comment\nrequests>=2 \\\n  ,<3  # why\n--extra-index-url https://u:secret@example.org/simple\n-r more.txt\n");
        Files.writeString(dir.resolve("reqs/more.txt"), "tqdm\n");
        Files.write(dir.resolve("local-1.0-py3-none-any.whl"), new byte[] {1});
        ParsedPip p = PipSection.parse(
                List.of(
                        "transformers==4.30.0",
                        "--index-url=https://pypi.example/simple",
                        "-r reqs/base.txt",
                        "--pre",
                        "-f ./wheels",
                        "./local-1.0-py3-none-any.whl",
                        "tensorboard"),
                dir);
        List<String> names = p.requirements().stream().map(PipRequirement::name).toList();
        assertEquals(List.of("transformers", "requests", "tqdm", "local", "tensorboard"), names);
        assertEquals(">=2,<3", p.requirements().get(1).specifier());
        assertEquals(
                dir.resolve("local-1.0-py3-none-any.whl").toUri().toString(),
                p.requirements().get(3).url());
        assertEquals(List.of("https://pypi.example/simple"), p.indexUrls());
        assertEquals(List.of("https://u:secret@example.org/simple"), p.extraIndexUrls());
        assertEquals(List.of(dir.resolve("wheels").toUri().toString()), p.findLinks());
        assertTrue(p.pre());
    }

    @Test
    void editablesDirectoriesAndUnknownOptionsAreClearErrors() throws Exception {
        Files.createDirectories(dir.resolve("proj"));
        CondockException e = assertThrows(CondockException.class, () -> PipSection.parse(List.of("-e ./proj"), dir));
        assertTrue(e.getMessage().contains("build a wheel"), e.getMessage());
        e = assertThrows(CondockException.class, () -> PipSection.parse(List.of("./proj"), dir));
        assertTrue(e.getMessage().contains("build a wheel") && e.getMessage().contains("./proj"), e.getMessage());
        e = assertThrows(CondockException.class, () -> PipSection.parse(List.of("--no-deps"), dir));
        assertTrue(e.getMessage().contains("--no-deps"), e.getMessage());
        e = assertThrows(
                CondockException.class, () -> PipSection.parse(List.of("pkg @ git+https://example.org/x.git"), dir));
        assertTrue(e.getMessage().contains("VCS"), e.getMessage());
        e = assertThrows(CondockException.class, () -> PipSection.parse(List.of("-r missing.txt"), dir));
        assertTrue(e.getMessage().contains("missing.txt"), e.getMessage());
        e = assertThrows(CondockException.class, () -> PipSection.parse(List.of("./pkg-1.0.tar.gz"), dir));
        assertTrue(e.getMessage().contains("sdists"), e.getMessage());
        assertEquals(CondockException.USER_ERROR, e.exitCode());
    }
}

package dev.condock.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Docker's .dockerignore semantics (moby patternmatcher): the cases its own tests and docs spell out. */
class IgnorePatternsTest {
    private static IgnorePatterns p(String... lines) throws Exception {
        return IgnorePatterns.parse(List.of(lines), ".dockerignore");
    }

    @Test
    void starAndQuestionMarkNeverCrossASlash() throws Exception {
        IgnorePatterns i = p("*.pyc", "data/?.csv");
        assertTrue(i.excludes("a.pyc"));
        assertFalse(i.excludes("src/a.pyc"), "* is one path element, as in Go's filepath.Match");
        assertTrue(i.excludes("data/1.csv"));
        assertFalse(i.excludes("data/12.csv"));
        assertFalse(i.excludes("data/x/1.csv"));
    }

    @Test
    void doubleStarMatchesAnyNumberOfDirectories() throws Exception {
        IgnorePatterns i = p("**/__pycache__", "logs/**");
        assertTrue(i.excludes("__pycache__"));
        assertTrue(i.excludes("a/b/__pycache__"));
        assertTrue(i.excludes("a/b/__pycache__/x.pyc"), "a match on a parent excludes what is below it");
        assertTrue(i.excludes("logs/x/y.log"));
        assertFalse(i.excludes("src/logs"));
    }

    @Test
    void lastMatchWinsAndExceptionsReinclude() throws Exception {
        IgnorePatterns i = p("*.md", "!README.md", "README*.md");
        assertTrue(i.excludes("CHANGES.md"));
        assertTrue(i.excludes("README.md"), "the later README*.md wins over !README.md");
        IgnorePatterns j = p("data", "!data/keep.csv");
        assertTrue(j.excludes("data/drop.csv"));
        assertFalse(j.excludes("data/keep.csv"));
        assertTrue(j.hasExceptions());
    }

    @Test
    void commentsBlankLinesLeadingSlashAndCleaning() throws Exception {
        IgnorePatterns i = p("# a comment", "", "  /build/  ", "./dist", "a/../secrets.txt");
        assertTrue(i.excludes("build/out.bin"));
        assertTrue(i.excludes("dist"));
        assertTrue(i.excludes("secrets.txt"));
        assertFalse(i.excludes("# a comment"));
        assertFalse(i.excludes("src/build"));
    }

    @Test
    void classesEscapesAndRegexCharactersAreLiteral() throws Exception {
        IgnorePatterns i = p("file[0-9].txt", "[^a]x", "a+b(c).{d}$", "\\*star");
        assertTrue(i.excludes("file3.txt"));
        assertFalse(i.excludes("filex.txt"));
        assertTrue(i.excludes("bx"));
        assertFalse(i.excludes("ax"));
        assertTrue(i.excludes("a+b(c).{d}$"));
        assertFalse(i.excludes("aab(c)x{d}$"));
        assertTrue(i.excludes("*star"));
        assertFalse(i.excludes("xstar"));
    }

    @Test
    void aBadPatternNamesTheFileAndLine() {
        var e = assertThrows(dev.condock.util.CondockException.class, () -> p("ok", "bad["));
        assertEquals(".dockerignore:2: bad pattern 'bad['", e.getMessage());
    }
}

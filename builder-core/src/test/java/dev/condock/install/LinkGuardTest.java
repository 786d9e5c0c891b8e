package dev.condock.install;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LinkGuardTest {
    @Test
    void plainRelativeLinks() {
        LinkGuard g = new LinkGuard(Map.of());
        assertEquals(LinkGuard.Verdict.INSIDE, g.check("lib/libz.so", "libz.so.1"));
        assertEquals(LinkGuard.Verdict.INSIDE, g.check("a/b/c", "../../x"));
        assertEquals(LinkGuard.Verdict.ESCAPES, g.check("a/b/c", "../../../x"));
        assertEquals(LinkGuard.Verdict.ESCAPES, g.check("top", ".."));
        assertEquals(LinkGuard.Verdict.ABSOLUTE, g.check("lib/x", "/usr/lib/x"));
        assertEquals(LinkGuard.Verdict.INSIDE, g.check("lib/x", "./y/./z"));
    }

    @Test
    void chainsAreFollowed() {
        LinkGuard g = new LinkGuard(Map.of("lib/root", "..", "lib/deep", "../share/a/b", "lib/abs", "/etc"));
        assertEquals(LinkGuard.Verdict.ESCAPES, g.check("x", "lib/root/.."));
        assertEquals(LinkGuard.Verdict.INSIDE, g.check("x", "lib/deep/../../.."));
        assertEquals(LinkGuard.Verdict.ESCAPES, g.check("x", "lib/deep/../../../.."));
        assertEquals(LinkGuard.Verdict.ABSOLUTE, g.check("x", "lib/abs/passwd"));
        // the link's own directory may be reached through a link too
        assertEquals(LinkGuard.Verdict.ESCAPES, g.check("lib/root/y", "../.."));
    }

    @Test
    void loopsThroughDirectoriesAreBounded() {
        LinkGuard g = new LinkGuard(Map.of("a", "b", "b", "a"));
        assertEquals(LinkGuard.Verdict.LOOP, g.check("x", "a/file"));
        assertEquals(LinkGuard.Verdict.INSIDE, g.check("x", "a"), "a loop as the last component is not followed");
    }
}

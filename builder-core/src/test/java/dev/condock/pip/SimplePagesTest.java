package dev.condock.pip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** File names from PEP 503 links are percent-decoded as pip does (urllib's unquote). */
class SimplePagesTest {
    private static List<String> names(String html) {
        return SimplePages.parseHtml(html, "https://index.example/simple/p/", "test").stream()
                .map(IndexLink::filename)
                .toList();
    }

    @Test
    void aLocalVersionsPlusStaysAPlusAndEscapesAreDecoded() {
        assertEquals(
                List.of(
                        "torch-2.1.0+cpu-cp311-cp311-linux_x86_64.whl",
                        "torch-2.1.0+cu121-cp311-cp311-linux_x86_64.whl"),
                names("<a href=\"torch-2.1.0+cpu-cp311-cp311-linux_x86_64.whl\">a</a>"
                        + "<a href=\"torch-2.1.0%2Bcu121-cp311-cp311-linux_x86_64.whl\">b</a>"));
    }

    @Test
    void aMalformedEscapeStaysAsWrittenInsteadOfEscapingAsAnException() {
        // a fuzzer finding: URLDecoder's IllegalArgumentException left the parser
        assertEquals(List.of("y-2.py3-none-any.%whl"), names("<a href=relative/y-2.py3-none-any.%whl>y</a>"));
    }
}

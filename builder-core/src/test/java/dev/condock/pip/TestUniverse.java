package dev.condock.pip;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The package set the resolver and differential tests run on: every feature and several backtracking traps. */
final class TestUniverse {
    static final String ML2014 = "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64";
    static final String ML228 = "cp311-cp311-manylinux_2_28_x86_64";
    static final String ABI3 = "cp311-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64";

    private TestUniverse() {}

    static TestIndex build() throws IOException {
        TestIndex i = new TestIndex();
        i.pure("pure", "1.0")
                .pure("pure", "1.1")
                .pure("pure", "2.0")
                .pure("pure", "2.1rc1")
                .pure("pure", "1.0.post1");
        // platlib: 2.0 needs glibc 2.28, the image has 2.17
        i.wheel("plat", "1.0", ML2014, List.of(), Map.of(), ">=3.8", false);
        i.wheel("plat", "1.5", ML2014, List.of("pure>=1.1"), Map.of(), ">=3.8", false);
        i.wheel("plat", "2.0", ML228, List.of(), Map.of(), ">=3.8", false);
        i.wheel("abi", "1.0", ABI3, List.of(), Map.of(), null, false);
        i.wheel("abi", "1.1", "cp39-abi3-manylinux_2_17_x86_64.manylinux2014_x86_64", List.of(), Map.of(), null, false);
        i.wheel(
                "abi",
                "1.2",
                "cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64",
                List.of(),
                Map.of(),
                null,
                false);
        i.wheel(
                "extras",
                "1.0",
                "py3-none-any",
                List.of("pure"),
                Map.of("fast", List.of("plat"), "dev", List.of("pure<2", "abi>=1.1")),
                null,
                false);
        i.wheel("extras", "2.0", "py3-none-any", List.of("pure>=2"), Map.of("fast", List.of("plat<1.5")), null, false);
        i.pure(
                "markers",
                "1.0",
                "pure<1.1; python_version < \"3.10\"",
                "abi; sys_platform == \"linux\"",
                "plat; platform_machine == \"aarch64\"",
                "nothere; sys_platform == \"win32\"",
                "pure>=1.1; python_version >= \"3.10\" and os_name == \"posix\"");
        i.wheel("rp", "1.0", "py3-none-any", List.of(), Map.of(), ">=3.8", false);
        i.wheel("rp", "2.0", "py3-none-any", List.of(), Map.of(), ">=3.12", false);
        i.pure("yank", "1.0");
        i.wheel("yank", "2.0", "py3-none-any", List.of(), Map.of(), null, true);
        i.sdist("sdistonly", "1.0");
        i.pure("halfsdist", "1.0");
        i.sdist("halfsdist", "2.0");
        // backtracking: a 2.0 wants b 2, c wants b < 2
        i.pure("a", "1.0", "b==1.0").pure("a", "2.0", "b==2.0");
        i.pure("b", "1.0").pure("b", "2.0");
        i.pure("c", "1.0", "b<2");
        // deeper: d → e → f, g pins f
        i.pure("d", "1.0").pure("d", "2.0", "e>=1,<2").pure("d", "3.0", "e>=2");
        i.pure("e", "1.0", "f==1").pure("e", "2.0", "f==2");
        i.pure("f", "1.0").pure("f", "2.0");
        i.pure("g", "1.0", "f<2");
        // extras from two parents
        i.pure("h", "1.0", "extras[fast]");
        i.pure("j", "1.0", "extras[dev]");
        // versions: local, epoch, dev-only, post
        i.pure("loc", "1.0").pure("loc", "1.0+cpu").pure("loc", "0.9");
        i.pure("ep", "2.0").pure("ep", "1!0.5");
        i.pure("devonly", "1.0.dev1");
        i.pure("post", "1.0").pure("post", "1.0.post1");
        // a conflict only backtracking through two levels resolves: k 2 → l 2 → m 2; n → m < 2
        i.pure("k", "1.0", "l").pure("k", "2.0", "l>=2");
        i.pure("l", "1.0", "m").pure("l", "2.0", "m>=2");
        i.pure("m", "1.0").pure("m", "2.0");
        i.pure("n", "1.0", "m<2");
        // cycle
        i.pure("cyc-one", "1.0", "cyc_two").pure("cyc-two", "1.0", "Cyc.One");
        return i;
    }
}

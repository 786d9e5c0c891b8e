package dev.condock.smoke;

import java.util.List;

/**
 * A command run in the built image before anything is pushed ({@code build --test}, condock.yaml {@code test:}).
 * A string runs under {@code /bin/sh -c} (so it needs a shell in the image); a list is the argv itself.
 *
 * @param argv  what replaces the image's Cmd (the entrypoint stays)
 * @param shown how the user wrote it, for messages
 */
public record SmokeTest(List<String> argv, String shown) {
    public SmokeTest {
        argv = List.copyOf(argv);
    }

    public static SmokeTest shell(String command) {
        return new SmokeTest(List.of("/bin/sh", "-c", command), command);
    }

    public static SmokeTest argv(List<String> argv) {
        return new SmokeTest(argv, String.join(" ", argv));
    }
}

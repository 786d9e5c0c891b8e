package dev.condock.pipeline;

import java.util.List;
import java.util.Optional;

/**
 * An image that cannot start: an entrypoint (or, without one, a cmd) that runs {@code /bin/sh} or another program
 * outside the conda prefix on a scratch base, which has no such file. Only scratch is judged: a real base's file
 * list is not read for this.
 */
final class ShellCheck {
    private ShellCheck() {}

    static Optional<String> warning(BuildRequest req) {
        if (req.base() != null) {
            return Optional.empty();
        }
        List<String> ep = req.config().entrypoint();
        String what = ep != null && !ep.isEmpty() ? "entrypoint" : "cmd";
        List<String> argv = ep != null && !ep.isEmpty() ? ep : req.config().cmd();
        if (argv == null || argv.isEmpty()) {
            return Optional.empty();
        }
        String program = argv.get(0);
        boolean shell =
                program.equals("sh") || program.equals("bash") || program.endsWith("/sh") || program.endsWith("/bash");
        boolean outside = program.startsWith("/") && !program.startsWith(req.prefix() + "/");
        if (!shell && !outside) {
            return Optional.empty();
        }
        String needs = program.startsWith("/") ? program : "/bin/" + program;
        return Optional.of(what + " runs " + program + " but the base is scratch, which has no " + needs
                + ": the container will not start (use a base with a shell, or run a program under " + req.prefix()
                + ", e.g. " + req.prefix() + "/bin/python)");
    }
}

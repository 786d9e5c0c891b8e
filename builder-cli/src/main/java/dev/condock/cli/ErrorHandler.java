package dev.condock.cli;

import dev.condock.util.CondockException;
import picocli.CommandLine;

/**
 * Turns exceptions into one line on stderr and an exit code; the stack trace only with --debug. Anything that is
 * not a {@link CondockException} is condock's own fault: exit 70 ({@link CondockException#BUG}), never 1, so a
 * script retrying environment failures does not retry a bug.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static volatile boolean debug = Boolean.getBoolean("condock.debug") || System.getenv("CONDOCK_DEBUG") != null;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
        if (FatalErrors.outOfMemory(ex) != null) {
            return FatalErrors.handle(ex, cl.getErr()); // a worker's OOM wrapped in an exception: still the heap
        }
        if (debug) {
            ex.printStackTrace(cl.getErr());
        }
        if (ex instanceof CondockException ce) {
            cl.getErr().println("condock: " + ce.getMessage());
            return ce.exitCode();
        }
        cl.getErr()
                .println("condock: internal error: this is a bug (" + oneLine(ex) + "); rerun with --debug for "
                        + "the stack trace and report it");
        return CondockException.BUG;
    }

    /** The exception's class and first message line: a message can hold a whole input line or newlines. */
    static String oneLine(Throwable ex) {
        String s = String.valueOf(ex);
        int nl = s.indexOf('\n');
        if (nl >= 0) s = s.substring(0, nl);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}

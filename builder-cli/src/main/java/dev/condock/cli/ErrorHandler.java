package dev.condock.cli;

import dev.condock.util.CondockException;
import picocli.CommandLine;

/** Turns exceptions into one line on stderr and an exit code; the stack trace only with --debug. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static volatile boolean debug = Boolean.getBoolean("condock.debug") || System.getenv("CONDOCK_DEBUG") != null;

    @Override
    public int handleExecutionException(Exception ex, CommandLine cl, CommandLine.ParseResult pr) {
        if (debug) {
            ex.printStackTrace(cl.getErr());
        }
        if (ex instanceof CondockException ce) {
            cl.getErr().println("condock: " + ce.getMessage());
            return ce.exitCode();
        }
        cl.getErr().println("condock: internal error: " + ex);
        return 1;
    }
}

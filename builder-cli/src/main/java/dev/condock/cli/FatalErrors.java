package dev.condock.cli;

import dev.condock.util.CondockException;
import java.io.PrintWriter;

/**
 * Java {@link Error}s (OutOfMemoryError, StackOverflowError, NoClassDefFoundError, ...) as one line and an exit code
 * instead of the JVM's raw trace. Running out of heap is an environment limit, not a bug: exit 1, naming the heap
 * and CONDOCK_JAVA_OPTS, the way to raise it. Any other Error is condock's fault: exit 70, "this is a bug", the
 * trace only with --debug. picocli hands only Exceptions to {@link ErrorHandler}; Errors pass through
 * {@code execute}, so {@link Main} catches them here, and threads that die on their own are routed here too.
 */
final class FatalErrors {
    /** Written before any heap is exhausted: building it after an OOM could fail again. */
    private static final String HEAP = heapLine();

    private FatalErrors() {}

    /** Prints one line (the trace too under --debug) for {@code t} and returns the exit code. */
    static int handle(Throwable t, PrintWriter err) {
        try {
            if (ErrorHandler.debug) {
                t.printStackTrace(err);
            }
            if (outOfMemory(t) != null) {
                err.println(HEAP);
                err.flush();
                return CondockException.ENVIRONMENT_ERROR;
            }
            err.println("condock: internal error: this is a bug (" + ErrorHandler.oneLine(t)
                    + "); rerun with --debug for the stack trace and report it");
            err.flush();
            return CondockException.BUG;
        } catch (Throwable again) { // printing failed (another OOM): the code alone still tells scripts
            return outOfMemory(t) != null ? CondockException.ENVIRONMENT_ERROR : CondockException.BUG;
        }
    }

    /** The OutOfMemoryError in {@code t}'s cause chain (a worker's OOM may arrive wrapped), or null. */
    static OutOfMemoryError outOfMemory(Throwable t) {
        for (int depth = 0; t != null && depth < 20; t = t.getCause(), depth++) {
            if (t instanceof OutOfMemoryError oom) {
                return oom;
            }
        }
        return null;
    }

    /**
     * A thread other than main that dies of an Error: one line (not the default handler's trace), then the process
     * ends with that code, since the build cannot be trusted to finish without the thread's work.
     */
    static void installUncaughtHandler(PrintWriter err) {
        Thread.setDefaultUncaughtExceptionHandler((thread, t) -> {
            if (t instanceof Error) {
                System.exit(handle(t, err));
            }
            if (ErrorHandler.debug) {
                t.printStackTrace(err);
            }
            err.println("condock: warning: thread " + thread.getName() + " failed: " + ErrorHandler.oneLine(t));
            err.flush();
        });
    }

    private static String heapLine() {
        long max = Runtime.getRuntime().maxMemory();
        String heap = max == Long.MAX_VALUE ? "unbounded" : (max >> 20) + " MiB";
        return "condock: out of memory: the Java heap (max " + heap + ") is too small for this build; raise it with"
                + " CONDOCK_JAVA_OPTS, e.g. CONDOCK_JAVA_OPTS=\"-Xmx4g\" (it replaces the launcher's defaults)";
    }
}

package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.util.CondockException;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Exit codes scripts rely on: 2 user, 1 environment, 70 a bug (one line; the stack trace only with --debug). */
class ErrorHandlerTest {
    private static String[] handle(Exception ex, boolean debug) throws Exception {
        boolean was = ErrorHandler.debug;
        ErrorHandler.debug = debug;
        try {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Main());
            cl.setErr(new PrintWriter(err, true));
            int code = new ErrorHandler().handleExecutionException(ex, cl, null);
            return new String[] {Integer.toString(code), err.toString()};
        } finally {
            ErrorHandler.debug = was;
        }
    }

    @Test
    void anInternalErrorIsABugWithExit70AndOneLine() throws Exception {
        String[] r = handle(new IllegalStateException("state: 0\nsecond line"), false);
        assertEquals("70", r[0]);
        assertEquals(
                "condock: internal error: this is a bug (java.lang.IllegalStateException: state: 0); rerun with"
                        + " --debug for the stack trace and report it\n",
                r[1].replace(System.lineSeparator(), "\n"));
    }

    @Test
    void theStackTraceOnlyWithDebug() throws Exception {
        String[] r = handle(new NullPointerException("x"), true);
        assertEquals("70", r[0]);
        assertTrue(r[1].contains("\tat "), r[1]);
        assertTrue(r[1].contains("this is a bug"), r[1]);
    }

    @Test
    void condockExceptionsKeepTheirCode() throws Exception {
        assertEquals("2", handle(CondockException.user("env.yml:3: bad"), false)[0]);
        String[] env = handle(CondockException.environment("registry down"), false);
        assertEquals("1", env[0]);
        assertEquals("condock: registry down", env[1].strip());
        String[] bug = handle(CondockException.bug("writing the layer", new IllegalStateException("boom")), false);
        assertEquals("70", bug[0]);
        assertEquals(
                "condock: writing the layer: this is a bug (java.lang.IllegalStateException: boom)", bug[1].strip());
        assertFalse(bug[1].contains("\tat "));
    }
}

package dev.condock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.condock.testkit.Scratch;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Java Errors never reach the user as a raw JVM trace: OOM is exit 1 naming the heap, any other Error exit 70. */
class FatalErrorsTest {
    @CommandLine.Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        final Throwable t;

        Boom(Throwable t) {
            this.t = t;
        }

        @Override
        public Integer call() throws Exception {
            if (t instanceof Error e) throw e;
            throw (Exception) t;
        }
    }

    /** {exit code, stderr} of a command throwing {@code t}, through the same wiring as {@link Main#run}. */
    private static String[] run(Throwable t, boolean debug) {
        boolean was = ErrorHandler.debug;
        ErrorHandler.debug = debug;
        try {
            StringWriter err = new StringWriter();
            CommandLine cl = new CommandLine(new Boom(t));
            cl.setExecutionExceptionHandler(new ErrorHandler());
            cl.setErr(new PrintWriter(err, true));
            int code = Main.execute(cl);
            return new String[] {Integer.toString(code), err.toString()};
        } finally {
            ErrorHandler.debug = was;
        }
    }

    @Test
    void outOfMemoryIsAnEnvironmentLimitNamingTheHeapAndCondockJavaOpts() {
        String[] r = run(new OutOfMemoryError("Java heap space"), false);
        assertEquals("1", r[0]);
        assertEquals(1, r[1].strip().lines().count(), r[1]);
        assertTrue(r[1].startsWith("condock: out of memory: the Java heap (max "), r[1]);
        assertTrue(r[1].contains(" MiB)") && r[1].contains("CONDOCK_JAVA_OPTS"), r[1]);
        assertFalse(r[1].contains("this is a bug"), r[1]);
    }

    @Test
    void anOutOfMemoryWrappedByAWorkerIsStillTheHeap() {
        String[] r = run(new IllegalStateException("worker failed", new OutOfMemoryError("Java heap space")), false);
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("CONDOCK_JAVA_OPTS"), r[1]);
    }

    @Test
    void otherErrorsAreBugsWithExit70AndOneLine() {
        for (Error e : List.of(
                new StackOverflowError(),
                new NoClassDefFoundError("org/tukaani/xz/XZInputStream"),
                new AssertionError("unreachable\nsecond line"),
                new ExceptionInInitializerError("static init"))) {
            String[] r = run(e, false);
            assertEquals("70", r[0], e.toString());
            assertEquals(1, r[1].strip().lines().count(), r[1]);
            assertTrue(
                    r[1].startsWith("condock: internal error: this is a bug ("
                            + e.getClass().getName()),
                    r[1]);
            assertFalse(r[1].contains("\tat "), r[1]);
        }
    }

    @Test
    void theTraceOnlyWithDebug() {
        String[] r = run(new StackOverflowError(), true);
        assertEquals("70", r[0]);
        assertTrue(r[1].contains("\tat "), r[1]);
        assertTrue(r[1].contains("this is a bug"), r[1]);
        String[] oom = run(new OutOfMemoryError("Java heap space"), true);
        assertEquals("1", oom[0]);
        assertTrue(oom[1].contains("\tat "), oom[1]);
    }

    /** A real OutOfMemoryError in a real process: a 16 MiB heap cannot hold a 64 MiB repodata string. */
    @Test
    void aRealProcessThatRunsOutOfHeapExitsOneWithOneLine() throws Exception {
        java.nio.file.Path dir = Scratch.dir("oom");
        try {
            java.nio.file.Path env = dir.resolve("environment.yml");
            StringBuilder sb = new StringBuilder("name: big\ndependencies:\n");
            String dep = "  - pkg" + "x".repeat(200) + "\n";
            while (sb.length() < 64 << 20) sb.append(dep);
            java.nio.file.Files.writeString(env, sb);
            Process p = new ProcessBuilder(
                            "java",
                            "-Xmx16m",
                            "-XX:-UsePerfData",
                            "-cp",
                            System.getProperty("java.class.path"),
                            "dev.condock.cli.Main",
                            "lock",
                            env.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS));
            assertEquals(1, p.exitValue(), err);
            assertTrue(err.startsWith("condock: out of memory: the Java heap (max "), err);
            assertFalse(err.contains("\tat ") || err.contains("Exception in thread"), err);
        } finally {
            dev.condock.util.FileTrees.delete(dir);
        }
    }
}

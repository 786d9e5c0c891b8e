package dev.condock.cli;

import dev.condock.registry.ImageReference;
import dev.condock.registry.PushListener;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a push. On a terminal: one line per blob in flight, redrawn in place (bytes/total); elsewhere (CI logs):
 * one plain line when a blob starts and when it is done. Thread-safe: layers are pushed in parallel.
 */
public final class PushProgress implements PushListener {
    private final PrintStream out;
    private final boolean tty;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private int drawn;
    private long lastDraw;

    public PushProgress(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** Whether stderr is a terminal worth redrawing (not under CI, not dumb). */
    public static boolean isTerminal() {
        return System.console() != null && System.getenv("CI") == null && !"dumb".equals(System.getenv("TERM"));
    }

    @Override
    public synchronized void blobStarted(String digest, long size) {
        if (tty) {
            lines.put(digest, line(digest, 0, size, "checking"));
            redraw(true);
        }
    }

    @Override
    public synchronized void blobProgress(String digest, long bytes, long total) {
        if (tty) {
            lines.put(digest, line(digest, bytes, total, "pushing"));
            redraw(false);
        }
    }

    @Override
    public synchronized void blobDone(String digest, long size, Outcome outcome) {
        String word = switch (outcome) {
            case PUSHED -> "pushed";
            case SKIPPED -> "exists";
            case MOUNTED -> "mounted";
        };
        if (tty) {
            lines.put(digest, line(digest, size, size, word));
            redraw(true);
        } else {
            out.println(word + " " + shortDigest(digest) + " (" + human(size) + ")");
        }
    }

    @Override
    public synchronized void retrying(String what, int attempt, String reason) {
        clear();
        out.println("retrying " + what + " (attempt " + (attempt + 1) + ", " + reason + ")");
    }

    @Override
    public synchronized void manifestPushed(ImageReference target, String digest) {
        clear();
        out.println("pushed " + target + " " + digest);
    }

    private void clear() {
        if (tty && drawn > 0) {
            out.print("\033[" + drawn + "A\033[J");
            drawn = 0;
            lines.entrySet()
                    .removeIf(e ->
                            !e.getValue().contains("pushing") && !e.getValue().contains("checking"));
        }
    }

    private void redraw(boolean force) {
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        if (drawn > 0) {
            out.print("\033[" + drawn + "A");
        }
        for (String l : lines.values()) {
            out.print("\r\033[K" + l + "\n");
        }
        drawn = lines.size();
        out.flush();
    }

    private static String line(String digest, long bytes, long total, String state) {
        return String.format(Locale.ROOT, "%-8s %s %10s / %s", state, shortDigest(digest), human(bytes), human(total));
    }

    static String shortDigest(String digest) {
        return digest.substring(digest.indexOf(':') + 1, Math.min(digest.length(), digest.indexOf(':') + 13));
    }

    static String human(long bytes) {
        return dev.condock.util.Sizes.human(bytes);
    }
}

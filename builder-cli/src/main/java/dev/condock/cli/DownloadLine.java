package dev.condock.cli;

import dev.condock.fetch.DownloadProgress;
import dev.condock.util.Sizes;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Renders download progress: on a terminal one aggregate line redrawn in place (files, bytes, rate, ETA); in
 * logs a plain line every 5 s and one at the end; nothing when quiet (--json).
 */
final class DownloadLine {
    private static final long LOG_EVERY_NANOS = 5_000_000_000L;
    private final PrintStream out;
    private final boolean tty;
    private final boolean quiet;
    private long lastLogged = Long.MIN_VALUE;

    DownloadLine(PrintStream out, boolean tty, boolean quiet) {
        this.out = out;
        this.tty = tty;
        this.quiet = quiet;
    }

    synchronized void show(DownloadProgress.Snapshot s) {
        if (quiet) return;
        String line = text(s);
        if (tty) {
            out.print("\r\033[K" + line + (s.finished() ? "\n" : ""));
            out.flush();
        } else if (s.finished() || lastLogged == Long.MIN_VALUE || s.elapsedNanos() - lastLogged >= LOG_EVERY_NANOS) {
            lastLogged = s.elapsedNanos();
            out.println("condock: " + line);
        }
    }

    static String text(DownloadProgress.Snapshot s) {
        String total = s.totalBytes() > 0 ? " / " + Sizes.human(s.totalBytes()) : "";
        long eta = s.etaSeconds();
        String tail = s.finished()
                ? "done in " + seconds(s.elapsedNanos() / 1_000_000_000L)
                : "ETA " + (eta < 0 ? "?" : seconds(eta));
        return String.format(
                Locale.ROOT,
                "downloading %s %d/%d  %s%s  %s/s  %s",
                s.what(),
                s.done(),
                s.count(),
                Sizes.human(s.bytes()),
                total,
                Sizes.human((long) s.bytesPerSecond()),
                tail);
    }

    private static String seconds(long s) {
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}

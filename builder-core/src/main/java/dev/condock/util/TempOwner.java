package dev.condock.util;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The owning process written into every temp name ({@code <pid>-<start seconds>}), so a later run can tell the
 * leftovers of a killed build from the live work of a concurrent one: the owner is alive when a process with
 * that pid exists and started at that second (a reused pid has another start time).
 */
public final class TempOwner {
    private static final long START = ProcessHandle.current()
            .info()
            .startInstant()
            .map(i -> i.getEpochSecond())
            .orElse(0L);
    /** {@code <pid>-<start>} as temp names carry it; old names carry only {@code <pid>-<random>}. */
    private static final Pattern OWNER = Pattern.compile("(?:tmp|build|plan)-(\\d{1,10})-(\\d{1,12})-");

    private TempOwner() {}

    /** This process's tag, for a temp name. */
    public static String tag() {
        return ProcessHandle.current().pid() + "-" + START;
    }

    /** The owner named in a temp name, when it names one. */
    public static Optional<long[]> of(String name) {
        Matcher m = OWNER.matcher(name);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True while the process {@code pid}, started at {@code start} (epoch seconds, 0: unknown), runs. */
    public static boolean alive(long pid, long start) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (start == 0) {
            return true;
        }
        // start times come from /proc in whole clock ticks: allow a second either way
        return h.get()
                .info()
                .startInstant()
                .map(i -> Math.abs(i.getEpochSecond() - start) <= 1)
                .orElse(true);
    }
}

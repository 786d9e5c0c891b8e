package dev.condock.cli;

import dev.condock.fetch.DownloadProgress;
import dev.condock.pipeline.BuildListener;
import dev.condock.registry.PushListener;
import dev.condock.registry.PushResult;
import java.util.ArrayList;
import java.util.List;

/** Progress and warnings on stderr, so stdout carries only results (the digest, --json). */
final class ConsoleListener implements BuildListener {
    private final PushProgress progress = new PushProgress(System.err, PushProgress.isTerminal());
    private final List<PushResult> pushes = new ArrayList<>();
    private final DownloadLine downloads;

    ConsoleListener() {
        this(false);
    }

    /** {@code quiet}: no download progress (--json keeps stderr to messages). */
    ConsoleListener(boolean quiet) {
        downloads = new DownloadLine(System.err, PushProgress.isTerminal(), quiet);
    }

    @Override
    public void downloads(DownloadProgress.Snapshot s) {
        downloads.show(s);
    }

    @Override
    public PushListener pushListener() {
        return progress;
    }

    @Override
    public synchronized void pushed(PushResult result) {
        pushes.add(result);
    }

    synchronized List<PushResult> pushes() {
        return List.copyOf(pushes);
    }

    @Override
    public void info(String message) {
        System.err.println("condock: " + message);
    }

    @Override
    public void warn(String message) {
        System.err.println("condock: warning: " + message);
    }
}

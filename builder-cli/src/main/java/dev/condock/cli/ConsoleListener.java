package dev.condock.cli;

import dev.condock.build.BuildListener;

/** Progress and warnings on stderr, so stdout carries only results (the digest, --json). */
final class ConsoleListener implements BuildListener {
    @Override
    public void info(String message) {
        System.err.println("condock: " + message);
    }

    @Override
    public void warn(String message) {
        System.err.println("condock: warning: " + message);
    }
}

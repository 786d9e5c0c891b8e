package dev.condock.pipeline;

import dev.condock.registry.PushListener;
import dev.condock.registry.PushResult;

/** How the build reports progress; builder-core never prints, the CLI renders these. */
public interface BuildListener {
    void info(String message);

    void warn(String message);

    /** Where blob-level progress of a registry push goes. */
    default PushListener pushListener() {
        return PushListener.NONE;
    }

    /** A registry target was pushed. */
    default void pushed(PushResult result) {}
    /** A layer is ready: {@code cached} when it came from the layer cache without being written. Any thread. */
    default void layer(String name, String digest, boolean cached) {}
    /** Bytes of the downloads in flight, summed (at most every 200 ms, and once when done). Any thread. */
    default void downloads(dev.condock.fetch.DownloadProgress.Snapshot progress) {}

    BuildListener SILENT = new BuildListener() {
        @Override
        public void info(String message) {}

        @Override
        public void warn(String message) {}
    };
}

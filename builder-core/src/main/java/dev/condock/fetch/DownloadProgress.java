package dev.condock.fetch;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Bytes downloaded across parallel downloads, summed into one snapshot for the listener: at most every 200 ms
 * while bytes flow, and once at the end. The snapshot carries what a renderer needs for bytes, rate and ETA.
 */
public final class DownloadProgress {
    private static final long EVERY_NANOS = 200_000_000L;

    /**
     * @param what       "packages" or "repodata"
     * @param totalBytes expected bytes, or 0 when unknown
     * @param finished   the last snapshot of this batch
     */
    public record Snapshot(
            String what, long bytes, long totalBytes, int done, int count, long elapsedNanos, boolean finished) {
        public double bytesPerSecond() {
            return elapsedNanos <= 0 ? 0 : bytes * 1e9 / elapsedNanos;
        }

        /** Seconds left at the rate so far, or -1 when unknown. */
        public long etaSeconds() {
            double rate = bytesPerSecond();
            if (totalBytes <= 0 || rate <= 0 || bytes >= totalBytes) return finished ? 0 : -1;
            return (long) Math.ceil((totalBytes - bytes) / rate);
        }
    }

    /** Where snapshots go (the build listener); called from download threads, one at a time. */
    public interface Sink {
        void progress(Snapshot s);

        Sink NONE = s -> {};
    }

    private final String what;
    private final long totalBytes;
    private final int count;
    private final Sink sink;
    private final LongSupplier nanos;
    private final long start;
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong lastEmit;

    public DownloadProgress(String what, long totalBytes, int count, Sink sink, LongSupplier nanos) {
        this.what = what;
        this.totalBytes = Math.max(0, totalBytes);
        this.count = count;
        this.sink = sink;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
        this.lastEmit = new AtomicLong(start);
    }

    public void add(long n) {
        bytes.addAndGet(n);
        long now = nanos.getAsLong();
        long last = lastEmit.get();
        if (now - last >= EVERY_NANOS && lastEmit.compareAndSet(last, now)) emit(now, false);
    }

    public void fileDone() {
        done.incrementAndGet();
    }

    public void finish() {
        emit(nanos.getAsLong(), true);
    }

    private synchronized void emit(long now, boolean finished) {
        sink.progress(new Snapshot(what, bytes.get(), totalBytes, done.get(), count, now - start, finished));
    }
}

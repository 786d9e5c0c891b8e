package dev.condock.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place where condock runs work in parallel: a fixed set of {@code threads} worker threads, created once
 * per build (from {@code --threads}) and handed to every stage that parallelises (fetch, install, layer writing,
 * gzip blocks, uploads).
 *
 * <p>Nesting is safe: work submitted from one of these worker threads (a layer task whose gzip stream submits
 * blocks, a fetch inside an install) is also run by that thread itself while it waits, so a task never waits for
 * a thread that is busy waiting for it, whatever the thread count, 1 included. Work submitted from any other
 * thread (the build's main thread) is only run by the workers, so at most {@code threads} tasks run at once.
 *
 * <p>Every batch is structured: {@link #map} returns (or throws) only after none of its tasks is running any more.
 * When a task fails, no later item is started and the ones after it that are running are interrupted; the ones
 * before it run to the end, so the failure reported is the first in input order, as a sequential run reports it.
 *
 * <p>{@link #callerRuns()} has no threads at all: everything runs in the calling thread, in order.
 */
public final class Workers implements AutoCloseable {
    /** One item's work; may throw anything, see {@link #map} for how failures come out. */
    @FunctionalInterface
    public interface Task<T, R> {
        R apply(T item) throws Exception;
    }

    /** A value being computed on the workers (see {@link #submit}). */
    public interface Pending<R> {
        /** The value; runs the task in this thread when no worker has started it and this thread may. */
        R join() throws CondockException;

        /** Drops the task if no worker has started it; a running one is interrupted. Never blocks. */
        void cancel();

        /**
         * Runs the task in this thread now if nobody has started it and this thread may help (a worker thread, or
         * any thread of {@link #callerRuns()}); returns whether it did. Never waits for another thread.
         */
        boolean tryRun();

        /** Whether the task has ended (its value or failure is there, {@link #join} does not wait). */
        boolean isDone();
    }

    private final int threads;
    private final List<Thread> pool;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Batches with items left to start, oldest first. */
    private final ArrayDeque<Batch<?, ?>> queue = new ArrayDeque<>();

    private boolean closed;

    private Workers(int threads, boolean startThreads) {
        this.threads = threads;
        List<Thread> started = new ArrayList<>();
        if (startThreads) {
            for (int i = 0; i < threads; i++) {
                Thread t = new Thread(this::workerLoop, "condock-worker-" + (i + 1));
                t.setDaemon(true);
                started.add(t);
            }
        }
        this.pool = List.copyOf(started);
        pool.forEach(Thread::start);
    }

    /** {@code threads} workers (at least 1); close it when the build is done. */
    public static Workers of(int threads) {
        return new Workers(Math.max(1, threads), true);
    }

    /** No threads: every task runs in the thread that asks for it. */
    public static Workers callerRuns() {
        return new Workers(1, false);
    }

    /** How many tasks may run at once. */
    public int threads() {
        return threads;
    }

    /**
     * Runs {@code f} on every item, in parallel, and returns the results in input order. A failure comes out as
     * the first failing item's (in input order): a {@link CondockException} as it was thrown, an
     * {@link IOException} as an environment error, anything else unchanged (a {@link RuntimeException} or
     * {@link Error}) or, for another checked exception, as an {@link IllegalStateException}: a bug.
     */
    public <T, R> List<R> map(List<T> items, Task<? super T, ? extends R> f) throws CondockException {
        return map(items, Integer.MAX_VALUE, f);
    }

    /** {@link #map(List, Task)} with at most {@code maxParallel} of these items running at once. */
    public <T, R> List<R> map(List<T> items, int maxParallel, Task<? super T, ? extends R> f) throws CondockException {
        if (items.isEmpty()) {
            return List.of();
        }
        Batch<T, R> b = new Batch<>(List.copyOf(items), f, Math.max(1, maxParallel));
        enqueue(b);
        b.await();
        return b.results();
    }

    /**
     * Starts {@code task} on the workers; its {@link Pending#join} helps (runs it) from a worker thread, so a
     * worker that submits and then joins never waits on itself. Cancel what you do not join.
     */
    public <R> Pending<R> submit(Callable<? extends R> task) {
        Batch<Callable<? extends R>, R> b = new Batch<>(List.of(task), Callable::call, 1);
        enqueue(b);
        return new Pending<>() {
            @Override
            public R join() throws CondockException {
                b.await();
                return b.results().get(0);
            }

            @Override
            public void cancel() {
                lock.lock();
                try {
                    b.fail(-1);
                } finally {
                    lock.unlock();
                }
            }

            @Override
            public boolean tryRun() {
                if (!helps()) {
                    return false;
                }
                int i;
                lock.lock();
                try {
                    i = b.claim();
                } finally {
                    lock.unlock();
                }
                if (i < 0) {
                    return false;
                }
                b.run(i);
                return true;
            }

            @Override
            public boolean isDone() {
                lock.lock();
                try {
                    return b.finished();
                } finally {
                    lock.unlock();
                }
            }
        };
    }

    /**
     * For a stream that keeps its pending pieces in order and must wait for the oldest: when the oldest is still
     * running elsewhere, runs the newest piece nobody has started in this thread instead of idling (a one-layer
     * gzip write otherwise ran on one core). Returns whether it ran one; false means wait for the oldest.
     */
    public static boolean helpInsteadOfWaiting(java.util.Deque<? extends Pending<?>> inFlight) {
        if (inFlight.isEmpty() || inFlight.peekFirst().isDone()) {
            return false;
        }
        for (var it = inFlight.descendingIterator(); it.hasNext(); ) {
            if (it.next().tryRun()) {
                return true;
            }
        }
        return false;
    }

    /** Offers the batch to the workers; with none (caller-runs) it is only run by whoever waits for it. */
    private void enqueue(Batch<?, ?> b) {
        if (pool.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("workers are closed");
            }
            queue.add(b);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Ends the worker threads; a task still queued is not run. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the current thread runs this batch's items itself while it waits for them. */
    private boolean helps() {
        return pool.isEmpty() || pool.contains(Thread.currentThread());
    }

    private void workerLoop() {
        while (true) {
            Batch<?, ?> b = null;
            int i = -1;
            lock.lock();
            try {
                while (i < 0) {
                    if (closed) {
                        return;
                    }
                    for (Batch<?, ?> q : queue) {
                        i = q.claim();
                        if (i >= 0) {
                            b = q;
                            break;
                        }
                    }
                    if (i < 0) {
                        changed.awaitUninterruptibly();
                    }
                }
            } finally {
                lock.unlock();
            }
            b.run(i);
            Thread.interrupted(); // an interrupt aimed at that item must not reach the next one
        }
    }

    /** One call's items: claimed in input order, results and failures kept by index. Guarded by {@link #lock}. */
    private final class Batch<T, R> {
        private final List<T> items;
        private final Task<? super T, ? extends R> task;
        private final int maxParallel;
        private final Object[] results;
        private final Throwable[] failures;
        private final Thread[] runners;
        private final Thread owner = Thread.currentThread();
        /** Items claimed so far (they are claimed in order); no item at or after {@code limit} is started. */
        private int next;

        private int limit;
        private int running;
        private boolean interrupted;

        Batch(List<T> items, Task<? super T, ? extends R> task, int maxParallel) {
            this.items = items;
            this.task = task;
            this.maxParallel = maxParallel;
            this.results = new Object[items.size()];
            this.failures = new Throwable[items.size()];
            this.runners = new Thread[items.size()];
            this.limit = items.size();
        }

        /** The index of the next item to start, now marked running in this thread; -1 if none may start. */
        int claim() {
            if (next >= limit || running >= maxParallel) {
                return -1;
            }
            int i = next++;
            running++;
            runners[i] = Thread.currentThread();
            if (next >= limit) {
                queue.remove(this);
            }
            return i;
        }

        boolean finished() {
            return next >= limit && running == 0;
        }

        void run(int i) {
            R r = null;
            Throwable failure = null;
            try {
                r = task.apply(items.get(i));
            } catch (Throwable t) {
                failure = t;
            }
            lock.lock();
            try {
                runners[i] = null;
                running--;
                if (failure != null) {
                    failures[i] = failure;
                    fail(i);
                } else {
                    results[i] = r;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Item {@code i} failed (-1: all is cancelled): start nothing after it, interrupt what runs after it. */
        void fail(int i) {
            limit = Math.min(limit, next); // items are claimed in order: all before i have started
            queue.remove(this);
            for (int j = i + 1; j < runners.length; j++) {
                Thread t = runners[j];
                if (t != null && t != owner) {
                    t.interrupt();
                }
            }
            changed.signalAll();
        }

        /** Waits until no item runs or may start, running items in this thread when it helps. */
        void await() {
            boolean helps = helps();
            while (true) {
                int i = -1;
                lock.lock();
                try {
                    while (!finished()) {
                        if (helps && (i = claim()) >= 0) {
                            break;
                        }
                        if (interrupted) {
                            changed.awaitUninterruptibly();
                            continue;
                        }
                        try {
                            changed.await();
                        } catch (InterruptedException e) {
                            interrupted = true; // the caller was cancelled: so is everything here
                            fail(-1);
                        }
                    }
                    if (i < 0) {
                        if (interrupted) {
                            Thread.currentThread().interrupt();
                        }
                        return;
                    }
                } finally {
                    lock.unlock();
                }
                run(i);
            }
        }

        @SuppressWarnings("unchecked")
        List<R> results() throws CondockException {
            for (Throwable t : failures) {
                if (t != null) {
                    throw unwrap(t);
                }
            }
            if (interrupted || next < items.size()) {
                throw CondockException.environment("interrupted", interrupted ? new InterruptedException() : null);
            }
            return (List<R>) Arrays.asList(results);
        }
    }

    private static CondockException unwrap(Throwable t) {
        if (t instanceof UncheckedIOException u) {
            t = u.getCause();
        }
        if (t instanceof CondockException c) {
            return c;
        }
        if (t instanceof IOException io) {
            return CondockException.environment(io.getMessage() != null ? io.getMessage() : io.toString(), io);
        }
        if (t instanceof InterruptedException ie) {
            return CondockException.environment("interrupted", ie);
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        throw new IllegalStateException("a parallel task failed", t);
    }
}

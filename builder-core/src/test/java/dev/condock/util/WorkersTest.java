package dev.condock.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WorkersTest {
    private static List<Integer> range(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    @Test
    void resultsComeInInputOrder() throws Exception {
        try (Workers w = Workers.of(4)) {
            List<Integer> out = w.map(range(50), i -> {
                Thread.sleep((50 - i) % 7);
                return i * 10;
            });
            assertEquals(range(50).stream().map(i -> i * 10).toList(), out);
        }
    }

    @Test
    void theFirstFailureInInputOrderIsThrownAsIs() {
        CondockException three = CondockException.user("three");
        try (Workers w = Workers.of(4)) {
            CondockException e = assertThrows(
                    CondockException.class,
                    () -> w.map(range(10), i -> {
                        if (i == 3) {
                            Thread.sleep(200); // fails after item 7 did: still the one reported
                            throw three;
                        }
                        if (i == 7) {
                            throw CondockException.user("seven");
                        }
                        return i;
                    }));
            assertSame(three, e);
        }
    }

    @Test
    void ioExceptionsBecomeEnvironmentErrorsAndBugsStayBugs() {
        try (Workers w = Workers.of(2)) {
            CondockException e = assertThrows(
                    CondockException.class,
                    () -> w.map(range(3), i -> {
                        if (i == 1) {
                            throw new IOException("disk full");
                        }
                        return i;
                    }));
            assertEquals(CondockException.ENVIRONMENT_ERROR, e.exitCode());
            assertEquals("disk full", e.getMessage());
            assertThrows(
                    IllegalArgumentException.class,
                    () -> w.map(range(3), i -> {
                        throw new IllegalArgumentException("bug");
                    }));
        }
    }

    @Test
    void nestedWorkDoesNotDeadlock() {
        for (int threads : new int[] {1, 2}) {
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                try (Workers w = Workers.of(threads)) {
                    List<Integer> out = w.map(range(6), i -> {
                        // a layer task whose compressor submits blocks, each block nesting once more
                        List<Workers.Pending<Integer>> blocks = new ArrayList<>();
                        for (int b = 0; b < 5; b++) {
                            int n = b;
                            blocks.add(w.submit(() -> w.map(range(3), k -> k + n).stream()
                                    .mapToInt(x -> x)
                                    .sum()));
                        }
                        int sum = 0;
                        for (Workers.Pending<Integer> p : blocks) {
                            sum += p.join();
                        }
                        return sum + i;
                    });
                    assertEquals(range(6).stream().map(i -> 45 + i).toList(), out, "threads=" + threads);
                }
            });
        }
    }

    @Test
    void concurrencyIsBoundedByTheThreadCountEvenWhenNested() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        Workers.Task<Integer, Integer> leaf = i -> {
            int n = now.incrementAndGet();
            max.accumulateAndGet(n, Math::max);
            Thread.sleep(5);
            now.decrementAndGet();
            return i;
        };
        try (Workers w = Workers.of(3)) {
            w.map(range(8), i -> {
                leaf.apply(i);
                return w.map(range(8), leaf);
            });
        }
        assertTrue(max.get() <= 3, "at most 3 at once, saw " + max.get());
        assertTrue(max.get() >= 2, "ran in parallel");
    }

    @Test
    void maxParallelCapsOneBatch() throws Exception {
        AtomicInteger now = new AtomicInteger();
        AtomicInteger max = new AtomicInteger();
        try (Workers w = Workers.of(6)) {
            w.map(range(20), 2, i -> {
                max.accumulateAndGet(now.incrementAndGet(), Math::max);
                Thread.sleep(5);
                return now.decrementAndGet();
            });
        }
        assertEquals(2, max.get());
    }

    @Test
    void aFailureCancelsTheRestPromptly() {
        AtomicInteger started = new AtomicInteger();
        try (Workers w = Workers.of(2)) {
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                CondockException e = assertThrows(
                        CondockException.class,
                        () -> w.map(range(100), i -> {
                            started.incrementAndGet();
                            if (i == 0) {
                                Thread.sleep(50);
                                throw CondockException.environment("boom");
                            }
                            Thread.sleep(30_000); // interrupted, not waited for
                            return i;
                        }));
                assertEquals("boom", e.getMessage());
            });
        }
        assertTrue(started.get() <= 3, "nothing started after the failure: " + started.get());
    }

    @Test
    void callerRunsUsesTheCallingThreadInOrder() throws Exception {
        Thread me = Thread.currentThread();
        List<Integer> seen = new ArrayList<>();
        try (Workers w = Workers.callerRuns()) {
            List<Integer> out = w.map(range(5), i -> {
                assertSame(me, Thread.currentThread());
                seen.add(i);
                return w.submit(() -> i + 1).join();
            });
            assertEquals(List.of(1, 2, 3, 4, 5), out);
            assertEquals(range(5), seen);
        }
    }

    /** A stream waiting for its oldest piece, which another worker runs, deflates a queued piece itself meanwhile. */
    @Test
    void aWorkerWaitingForTheOldestPieceRunsANewerOneItself() throws Exception {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try (Workers w = Workers.of(2)) {
                List<Boolean> result = w.map(List.of(1), x -> {
                    CountDownLatch started = new CountDownLatch(1);
                    CountDownLatch release = new CountDownLatch(1);
                    ArrayDeque<Workers.Pending<Thread>> inFlight = new ArrayDeque<>();
                    inFlight.add(w.submit(() -> {
                        started.countDown();
                        release.await();
                        return Thread.currentThread();
                    }));
                    started.await(); // the other worker runs the oldest piece and holds it
                    inFlight.add(w.submit(Thread::currentThread));
                    boolean helped = Workers.helpInsteadOfWaiting(inFlight);
                    Thread newer = inFlight.peekLast().join();
                    boolean again = Workers.helpInsteadOfWaiting(inFlight); // nothing left to start
                    release.countDown();
                    Thread older = inFlight.peekFirst().join();
                    return helped && !again && newer == Thread.currentThread() && older != Thread.currentThread();
                });
                assertTrue(result.get(0), "the waiting worker ran the newer piece itself");
            }
        });
    }
}

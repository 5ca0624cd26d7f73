package netgrad.train;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs task(0), …, task(T−1) in parallel on the calling thread and T−1 persistent daemon threads, and returns when
 * all are done. Built for many short tasks (two per training step): waiting threads spin briefly before parking, so
 * a hand-off costs microseconds rather than a thread pool's tens of microseconds.
 */
final class WorkerPool implements AutoCloseable {
    /**
     * Pauses a waiting thread spins before it parks (about 0.1 ms). 50,000 (a few ms) made a quiet machine's
     * two-thread epoch 10% faster, but with a third busy thread (the flight recorder's sampler) two spinning threads
     * kept it off the cores and a profiled epoch took 10 s instead of 1.3 s: spinning long only pays when nothing
     * else wants the cores.
     */
    private static final int SPINS = 2_000;

    private final int size;
    private final Thread[] workers;
    private final AtomicInteger remaining = new AtomicInteger();
    private volatile IntConsumer task;
    private volatile long generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    WorkerPool(int size) {
        this.size = size;
        this.workers = new Thread[size - 1];
        for (int i = 1; i < size; i++) {
            int id = i;
            Thread t = new Thread(() -> loop(id), "netgrad-train-" + id);
            t.setDaemon(true);
            workers[i - 1] = t;
            t.start();
        }
    }

    int size() {
        return size;
    }

    /** task(i) for every i in 0..T−1, in parallel; rethrows the first failure. */
    void run(IntConsumer work) {
        caller = Thread.currentThread();
        failure = null;
        task = work;
        remaining.set(size - 1);
        generation++;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
        work.accept(0);
        int spins = 0;
        while (remaining.get() != 0) {
            if (++spins < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
        Throwable t = failure;
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
    }

    private void loop(int id) {
        long seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < SPINS) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.parkNanos(this, 1_000_000);
                }
            }
            if (closed) return;
            seen = generation;
            try {
                task.accept(id);
            } catch (Throwable t) {
                failure = t;
            }
            if (remaining.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread w : workers) {
            LockSupport.unpark(w);
        }
    }
}

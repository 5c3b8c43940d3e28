package org.adabayes.train;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Items {@code first..end-1} made in order on one background thread, at most {@code depth} ahead
 * of the one taken (a bounded queue), so that while the training thread runs a step the next
 * batch is already being augmented and copied to the device. The items are exactly those the
 * training thread would make itself, in the same order; only when they are made changes. With
 * depth 0 no thread starts and each item is made when taken. Closing stops the thread, waits for
 * it, and hands every item made but not taken to {@code discard} (their device arrays are freed
 * then, between steps, never while one runs).
 */
public final class Prefetch<T> implements AutoCloseable {
    /** Makes item {@code index}. */
    @FunctionalInterface
    interface Maker<T> {
        T make(int index);
    }

    /** What the thread hands over: an item, or the failure that stopped it. */
    private record Slot<T>(T item, RuntimeException failure) {}

    private final Maker<T> maker;
    private final Consumer<T> discard;
    private final int end;
    private final BlockingQueue<Slot<T>> queue;
    private final Thread thread;
    private volatile boolean stopped;
    private int next;

    Prefetch(int first, int end, int depth, Maker<T> maker, Consumer<T> discard) {
        this.maker = maker;
        this.discard = discard;
        this.end = end;
        this.next = first;
        if (depth <= 0 || end - first <= 1) {
            queue = null;
            thread = null;
            return;
        }
        queue = new ArrayBlockingQueue<>(depth);
        thread = new Thread(() -> produce(first), "adabayes-prefetch");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(int first) {
        for (int i = first; i < end && !stopped; i++) {
            Slot<T> slot;
            try {
                slot = new Slot<>(maker.make(i), null);
            } catch (RuntimeException e) {
                slot = new Slot<>(null, e);
            }
            try {
                queue.put(slot);
            } catch (InterruptedException e) {
                if (slot.item() != null) {
                    discard.accept(slot.item());
                }
                return;
            }
            if (slot.failure() != null) {
                return;
            }
        }
    }

    /** The next item, in order; the maker's failure is thrown here, in the taking thread. */
    public T next() {
        if (next >= end) {
            throw new IllegalStateException("no item after " + (end - 1));
        }
        next++;
        if (thread == null) {
            return maker.make(next - 1);
        }
        Slot<T> slot;
        try {
            slot = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
        if (slot.failure() != null) {
            throw slot.failure();
        }
        return slot.item();
    }

    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        stopped = true;
        thread.interrupt();
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        for (Slot<T> s; (s = queue.poll()) != null; ) {
            if (s.item() != null) {
                discard.accept(s.item());
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}

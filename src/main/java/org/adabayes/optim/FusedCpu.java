package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs optimizer kernels over float32 CPU tensors in place: each weight, gradient and state tensor
 * is read through a direct buffer over libtorch's own memory (DJL's {@code toByteBuffer(true)} of
 * a contiguous CPU tensor), a chunk of a few thousand elements at a time is copied into float
 * arrays the kernel updates (C2 vectorises those loops), and the chunk is written back, the
 * gradient as zeros when it is the weight's own. So a whole step is one pass over memory per
 * tensor, where an NDArray rule makes one pass (and often one temporary) per operation. Chunks of
 * all tensors are shared out over every core. Other precisions and devices take the NDArray form.
 */
final class FusedCpu {
    static final int CHUNK = 4096;
    private static final int THREADS = Runtime.getRuntime().availableProcessors();
    private static final ExecutorService POOL = Executors.newFixedThreadPool(THREADS, r -> {
        Thread t = new Thread(r, "adabayes-optimizer");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[10][CHUNK]);

    /** One tensor's update. */
    record Job(StatefulOptimizer.Kernel kernel, NDArray weight, NDArray grad,
            List<NDArray> slots) {}

    /** An element range of one job, with the job's buffers (weight, gradient, slots). */
    private record Part(Job job, FloatBuffer[] buffers, int from, int to, boolean zeroGrad) {}

    private FusedCpu() {}

    /** Whether every array is a float32 CPU tensor of one size, as the kernel needs. */
    static boolean accepts(NDArray w, NDArray g, List<NDArray> slots) {
        if (!float32Cpu(w) || !float32Cpu(g) || g.size() != w.size() || slots.size() > 8) {
            return false;
        }
        for (NDArray s : slots) {
            if (!float32Cpu(s) || s.size() != w.size()) {
                return false;
            }
        }
        return true;
    }

    private static boolean float32Cpu(NDArray a) {
        return a instanceof PtNDArray && a.getDataType() == DataType.FLOAT32
                && !a.getDevice().isGpu();
    }

    /** Runs every job, in parallel over chunks, and waits for all. */
    static void run(List<Job> jobs) {
        if (jobs.isEmpty()) {
            return;
        }
        long total = 0;
        for (Job j : jobs) {
            total += j.weight().size();
        }
        long perPart = Math.max(16L * CHUNK, total / (4L * THREADS) + 1);
        List<Part> parts = new ArrayList<>();
        for (Job j : jobs) {
            FloatBuffer[] b = new FloatBuffer[2 + j.slots().size()];
            b[0] = j.weight().toByteBuffer(true).asFloatBuffer();
            b[1] = j.grad().toByteBuffer(true).asFloatBuffer();
            for (int i = 0; i < j.slots().size(); i++) {
                b[2 + i] = j.slots().get(i).toByteBuffer(true).asFloatBuffer();
            }
            boolean zero = j.weight().hasGradient();
            int n = Math.toIntExact(j.weight().size());
            for (int from = 0; from < n; from += perPart) {
                parts.add(new Part(j, b, from, (int) Math.min(n, from + perPart), zero));
            }
        }
        if (THREADS == 1) {
            parts.forEach(FusedCpu::apply);
            return;
        }
        // largest parts first, each to the least loaded thread, so every core gets a fair share
        parts.sort(Comparator.comparingInt((Part p) -> p.to() - p.from()).reversed());
        List<List<Part>> shares = new ArrayList<>();
        long[] load = new long[THREADS];
        for (int k = 0; k < THREADS; k++) {
            shares.add(new ArrayList<>());
        }
        for (Part p : parts) {
            int least = 0;
            for (int k = 1; k < THREADS; k++) {
                least = load[k] < load[least] ? k : least;
            }
            shares.get(least).add(p);
            load[least] += p.to() - p.from();
        }
        List<Future<?>> done = new ArrayList<>();
        for (List<Part> share : shares) {
            done.add(POOL.submit(() -> share.forEach(FusedCpu::apply)));
        }
        try {
            for (Future<?> f : done) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during an optimizer step", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("optimizer kernel failed: " + e.getCause(),
                    e.getCause());
        }
    }

    private static void apply(Part p) {
        float[][] s = SCRATCH.get();
        int slots = p.buffers().length - 2;
        float[][] state = Arrays.copyOfRange(s, 2, 2 + slots);
        for (int at = p.from(); at < p.to(); at += CHUNK) {
            int n = Math.min(CHUNK, p.to() - at);
            for (int k = 0; k < p.buffers().length; k++) {
                p.buffers()[k].get(at, s[k], 0, n);
            }
            p.job().kernel().apply(s[0], s[1], state, n);
            p.buffers()[0].put(at, s[0], 0, n);
            for (int k = 2; k < p.buffers().length; k++) {
                p.buffers()[k].put(at, s[k], 0, n);
            }
            if (p.zeroGrad()) {
                Arrays.fill(s[1], 0, n, 0f);
                p.buffers()[1].put(at, s[1], 0, n);
            }
        }
    }
}

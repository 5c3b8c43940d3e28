package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Fig. 3 sampling: a fixed, seeded set of element indices per parameter whose AdaBayes learning
 * rate (sigma^2_post) and Adam rate (eta / sqrt(&lt;g^2&gt;)) are read every {@code every} steps
 * and handed to a {@link Sink}. The row those values become (with its epoch) is the run
 * directory's ({@code rundir.LrTraceRow}), defined there alone; the optimizer only samples.
 */
public final class LrTrace {
    /** Receives each sampled element's two rates at a step. */
    @FunctionalInterface
    public interface Sink {
        void sample(int step, String parameter, long index, float s2Post, float adamRate);
    }

    private final int every;
    private final Map<String, long[]> indices;
    private final Sink sink;

    public LrTrace(int every, Map<String, long[]> indices, Sink sink) {
        this.every = every;
        this.indices = indices;
        this.sink = sink;
    }

    /**
     * A seeded sample of {@code k} element indices over the parameters, drawn in proportion to
     * tensor size, sorted per parameter.
     *
     * @param sizes element count per parameter, in the network's order
     */
    public static Map<String, long[]> choose(Map<String, Long> sizes, int k, long seed) {
        long total = sizes.values().stream().mapToLong(Long::longValue).sum();
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, TreeSet<Long>> chosen = new LinkedHashMap<>();
        for (int i = 0; i < Math.min(k, total); i++) {
            long flat = rng.nextLong(total);
            for (Map.Entry<String, Long> p : sizes.entrySet()) {
                if (flat < p.getValue()) {
                    chosen.computeIfAbsent(p.getKey(), x -> new TreeSet<>()).add(flat);
                    break;
                }
                flat -= p.getValue();
            }
        }
        Map<String, long[]> idx = new LinkedHashMap<>();
        chosen.forEach((id, set) -> idx.put(id, set.stream().mapToLong(Long::longValue).toArray()));
        return idx;
    }

    /** Whether any element of this parameter is sampled. */
    boolean samples(String parameterId) {
        return indices.containsKey(parameterId);
    }

    boolean wants(String parameterId, int step) {
        return step % every == 0 && indices.containsKey(parameterId);
    }

    /** Hands the values of two same-shaped arrays at this parameter's sampled indices on. */
    void record(String parameterId, int step, NDArray s2Post, NDArray adamRate) {
        long[] idx = indices.get(parameterId);
        NDManager m = s2Post.getManager();
        NDArray where = m.create(idx).toType(DataType.INT64, false);
        float[] a = s2Post.flatten().get(where).toType(DataType.FLOAT32, false).toFloatArray();
        float[] b = adamRate.flatten().get(where).toType(DataType.FLOAT32, false).toFloatArray();
        for (int i = 0; i < idx.length; i++) {
            sink.sample(step, parameterId, idx[i], a[i], b[i]);
        }
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fig. 3 sampling: a fixed, seeded set of element indices per parameter whose AdaBayes learning
 * rate (sigma^2_post) and Adam rate (eta / sqrt(&lt;g^2&gt;)) are recorded every {@code every}
 * steps. The trainer drains the rows after each step and appends them to lr_trace.csv.
 */
public final class LrTrace {
    /** One sampled element at one step. */
    public record Row(int step, String parameter, long index, float s2Post, float adamRate) {}

    private final int every;
    private final Map<String, long[]> indices;
    private final List<Row> rows = new ArrayList<>();

    public LrTrace(int every, Map<String, long[]> indices) {
        this.every = every;
        this.indices = indices;
    }

    /** Whether any element of this parameter is sampled. */
    boolean samples(String parameterId) {
        return indices.containsKey(parameterId);
    }

    boolean wants(String parameterId, int step) {
        return step % every == 0 && indices.containsKey(parameterId);
    }

    /** Records the values of two same-shaped arrays at this parameter's sampled indices. */
    void record(String parameterId, int step, NDArray s2Post, NDArray adamRate) {
        long[] idx = indices.get(parameterId);
        NDManager m = s2Post.getManager();
        NDArray where = m.create(idx).toType(DataType.INT64, false);
        float[] a = s2Post.flatten().get(where).toType(DataType.FLOAT32, false).toFloatArray();
        float[] b = adamRate.flatten().get(where).toType(DataType.FLOAT32, false).toFloatArray();
        synchronized (rows) {
            for (int i = 0; i < idx.length; i++) {
                rows.add(new Row(step, parameterId, idx[i], a[i], b[i]));
            }
        }
    }

    /** Rows recorded since the last call. */
    public List<Row> drain() {
        synchronized (rows) {
            List<Row> out = new ArrayList<>(rows);
            rows.clear();
            return out;
        }
    }
}

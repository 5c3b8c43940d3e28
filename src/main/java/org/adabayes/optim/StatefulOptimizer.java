package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What every optimizer of the harness shares, and why it is not DJL's own machinery:
 *
 * <ul>
 *   <li>State (moments, variances) lives in named slots that can be written to and read from a
 *       checkpoint; DJL's optimizers keep theirs private, so a killed run could not resume with
 *       its Adam moments intact.
 *   <li>The step count is per parameter and checkpointed too (DJL's {@code updateCount} restarts
 *       at zero, which would restart bias correction on resume).
 *   <li>Each update runs inside an {@link NDScope}, so every temporary it makes is closed before
 *       it returns: memory stays flat however many steps run.
 *   <li>After the update the weight's gradient is zeroed, as DJL's fused built-ins do inside
 *       their JNI op; without it PyTorch accumulates gradients across steps.
 *   <li>The learning-rate schedule is a factor set once per epoch by the trainer.
 * </ul>
 */
public abstract class StatefulOptimizer extends Optimizer {
    private final Map<String, Map<String, NDArray>> state = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private final OptimizerSpec spec;
    private final int batchSize;
    private volatile double factor = 1.0;
    private LrTrace trace;

    protected StatefulOptimizer(HarnessBuilder<?> builder) {
        super(builder);
        this.spec = builder.resolved();
        this.batchSize = builder.batchSize();
    }

    /** The resolved hyper-parameters this optimizer runs with. */
    public OptimizerSpec spec() {
        return spec;
    }

    public OptimizerKind kind() {
        return spec.kind();
    }

    /** B, by which the AdaBayes family scale the mean-loss gradient (0 when not given). */
    protected int batchSize() {
        return batchSize;
    }

    /** A resolved hyper-parameter as the float the NDArray arithmetic uses. */
    protected float param(HyperParameter p) {
        return (float) spec.number(p);
    }

    /** The schedule factor f that multiplies every base learning rate (1, then 0.1, ...). */
    public void setScheduleFactor(double factor) {
        this.factor = factor;
    }

    public double scheduleFactor() {
        return factor;
    }

    /** Turns on Fig. 3 sampling (only the AdaBayes family records anything). */
    public void setTrace(LrTrace trace) {
        this.trace = trace;
    }

    protected LrTrace trace() {
        return trace;
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        int t = steps.merge(parameterId, 1, Integer::sum);
        Map<String, NDArray> slots = state.computeIfAbsent(parameterId, k -> new TreeMap<>());
        try (NDScope scope = new NDScope()) {
            step(parameterId, t, weight, grad, new Slots(slots, weight));
            if (weight.hasGradient()) {
                if (weight instanceof PtNDArray pt) {
                    JniUtils.zeroGrad(pt);
                } else {
                    NDArray g = weight.getGradient();
                    g.subi(g);
                }
            }
        }
    }

    /**
     * One step of the rule for one parameter; temporaries need no closing, and state arrays come
     * from {@code slots}.
     *
     * @param t the 1-based step count of this parameter
     */
    protected abstract void step(String parameterId, int t, NDArray weight, NDArray grad,
            Slots slots);

    /** The per-parameter state slots, created on first use as detached arrays this class owns. */
    protected static final class Slots {
        private final Map<String, NDArray> map;
        private final NDArray like;

        Slots(Map<String, NDArray> map, NDArray like) {
            this.map = map;
            this.like = like;
        }

        /** The slot's array, created full of {@code init} with the weight's shape on first use. */
        public NDArray get(String name, float init) {
            NDArray a = map.get(name);
            if (a == null) {
                a = init == 0f ? like.zerosLike() : like.onesLike().muli(init);
                keep(a);
                map.put(name, a);
            }
            return a;
        }

        /** Replaces a slot with an array computed in this step (the old one is closed). */
        public void replace(String name, NDArray value) {
            keep(value);
            NDArray old = map.put(name, value);
            if (old != null && old != value) {
                old.close();
            }
        }

        private static void keep(NDArray a) {
            NDScope.unregister(a);
            a.detach();
        }
    }

    /** Coupled L2 (the six baselines): g + wd w as a new array, or g itself when wd is 0. */
    protected static NDArray withL2(NDArray g, NDArray w, float wd) {
        return wd == 0 ? g : g.add(w.mul(wd));
    }

    /**
     * Adam's moments of d in place, m = b1 m + (1 - b1) d and v = b2 v + (1 - b2) d^2, written as
     * m = b1 (m - d) + d to need no temporary for m. With {@code keepMax} the running maximum of
     * v (AMSGrad, AMSBound) is kept and returned in place of v.
     *
     * @return {m, v or max v}
     */
    protected static NDArray[] moments(Slots s, NDArray d, float beta1, float beta2,
            boolean keepMax) {
        NDArray m = s.get("m", 0f).subi(d).muli(beta1).addi(d);
        NDArray d2 = d.square();
        NDArray v = s.get("v", 0f).subi(d2).muli(beta2).addi(d2);
        if (keepMax) {
            NDArray max = s.get("vmax", 0f).maximum(v);
            s.replace("vmax", max);
            v = max;
        }
        return new NDArray[] {m, v};
    }

    /** Number of state arrays held (for the memory test and the benchmark). */
    public int stateArrays() {
        return state.values().stream().mapToInt(Map::size).sum();
    }

    /** Writes step counts and every state slot. */
    public void save(DataOutputStream out) throws IOException {
        List<String> ids = new ArrayList<>(new TreeMap<>(state).keySet());
        out.writeInt(ids.size());
        for (String id : ids) {
            out.writeUTF(id);
            out.writeInt(steps.getOrDefault(id, 0));
            Map<String, NDArray> slots = state.get(id);
            out.writeInt(slots.size());
            for (Map.Entry<String, NDArray> e : slots.entrySet()) {
                out.writeUTF(e.getKey());
                byte[] enc = e.getValue().encode();
                out.writeInt(enc.length);
                out.write(enc);
            }
        }
    }

    /** Reads what {@link #save} wrote, replacing any state, onto {@code manager}'s device. */
    public void load(DataInputStream in, NDManager manager) throws IOException {
        close();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String id = in.readUTF();
            steps.put(id, in.readInt());
            int k = in.readInt();
            Map<String, NDArray> slots = new TreeMap<>();
            for (int j = 0; j < k; j++) {
                String name = in.readUTF();
                byte[] enc = new byte[in.readInt()];
                in.readFully(enc);
                NDArray a = NDArray.decode(manager, enc);
                a.detach();
                slots.put(name, a);
            }
            state.put(id, slots);
        }
    }

    /** Closes every state array (they are detached from any manager, so nothing else will). */
    public void close() {
        for (Map<String, NDArray> slots : state.values()) {
            slots.values().forEach(NDArray::close);
        }
        state.clear();
        steps.clear();
    }

    static float f(double v) {
        return (float) v;
    }
}

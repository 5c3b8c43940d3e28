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
 *   <li>State (moments, variances) lives in named slots ({@link #slots}) that are written to and
 *       read from a checkpoint; DJL's optimizers keep theirs private, so a killed run could not
 *       resume with its Adam moments intact.
 *   <li>The step count is per parameter and checkpointed too (DJL's {@code updateCount} restarts
 *       at zero, which would restart bias correction on resume).
 *   <li>Each rule is written twice: as NDArray operations ({@link #step}, any device, any
 *       precision) and as a fused element-wise kernel ({@link #kernel}) that {@link FusedCpu}
 *       runs in one pass over the weight, gradient and state memory of a float32 CPU tensor, on
 *       every core. The fused pass is what makes a step cost no more than PyTorch's
 *       in-place ops; the NDArray form is what a GPU runs. Both are checked against the
 *       double-precision twin and against PyTorch.
 *   <li>Temporaries of the NDArray form live in an {@link NDScope} closed after the update, so
 *       memory stays flat however many steps run.
 *   <li>After the update the weight's gradient is zeroed, as DJL's fused built-ins do inside
 *       their JNI op; without it PyTorch accumulates gradients across steps.
 *   <li>The learning-rate schedule is a factor set once per epoch by the trainer.
 * </ul>
 */
public abstract class StatefulOptimizer extends Optimizer {
    /** A state slot: its name in checkpoints and its initial value per element. */
    protected record Slot(String name, double init) {}

    /** One step of a rule on {@code n} float32 elements (see {@link #kernel}). */
    @FunctionalInterface
    protected interface Kernel {
        /**
         * @param w weights, updated in place
         * @param g mean-loss gradient (read only)
         * @param s the state slots in {@link #slots} order, updated in place
         */
        void apply(float[] w, float[] g, float[][] s, int n);
    }

    private final Map<String, Map<String, NDArray>> state = new ConcurrentHashMap<>();
    private final Map<String, Integer> steps = new ConcurrentHashMap<>();
    private final OptimizerSpec spec;
    private final int batchSize;
    private volatile double factor = 1.0;
    private volatile boolean fused = !"false".equals(System.getProperty("adabayes.fused"));
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

    /** A resolved hyper-parameter. */
    protected double number(HyperParameter p) {
        return spec.number(p);
    }

    /** The schedule factor f that multiplies every base learning rate (1, then 0.1, ...). */
    public void setScheduleFactor(double factor) {
        this.factor = factor;
    }

    public double scheduleFactor() {
        return factor;
    }

    /** Whether CPU tensors take the fused kernel (default) or the NDArray form (for tests). */
    public void setFused(boolean fused) {
        this.fused = fused;
    }

    /** Turns on Fig. 3 sampling (only the AdaBayes family records anything). */
    public void setTrace(LrTrace trace) {
        this.trace = trace;
    }

    protected LrTrace trace() {
        return trace;
    }

    /** The state a rule keeps per weight, in the order its kernel receives it. */
    protected abstract List<Slot> slots();

    /**
     * One step of the rule as NDArray operations; temporaries need no closing, and state arrays
     * come from {@code slots}.
     *
     * @param t the 1-based step count of this parameter
     */
    protected abstract void step(String parameterId, int t, NDArray weight, NDArray grad,
            Slots slots);

    /** Whether a parameter may take the fused kernel (false where a rule needs matrix ops). */
    protected boolean fusable(String parameterId) {
        return true;
    }

    /** Whether a parameter has a state slot of this name. */
    protected boolean hasSlot(String parameterId, String name) {
        Map<String, NDArray> slots = state.get(parameterId);
        return slots != null && slots.containsKey(name);
    }

    /** A parameter's state slots outside a step (statistics gathered before the update). */
    protected Slots slotsOf(String parameterId) {
        return new Slots(state.computeIfAbsent(parameterId, k -> new TreeMap<>()), null);
    }

    /** The rule's step {@code t} as a fused kernel, its scalars computed once per step. */
    protected abstract Kernel kernel(int t);

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        updateAll(List.of(parameterId), List.of(weight), List.of(grad));
    }

    /**
     * Updates many parameters at once: the CPU tensors in one fused parallel pass, the others
     * (a GPU's, a traced parameter's) one by one with NDArray operations.
     */
    public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> grads) {
        List<FusedCpu.Job> jobs = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            NDArray w = weights.get(i);
            NDArray g = grads.get(i);
            int t = steps.merge(id, 1, Integer::sum);
            Slots s = new Slots(state.computeIfAbsent(id, k -> new TreeMap<>()), w);
            List<NDArray> slotArrays = new ArrayList<>();
            for (Slot slot : slots()) {
                slotArrays.add(s.get(slot.name(), slot.init()));
            }
            boolean traced = trace != null && trace.samples(id);
            if (fused && !traced && fusable(id) && FusedCpu.accepts(w, g, slotArrays)) {
                jobs.add(new FusedCpu.Job(kernel(t), w, g, slotArrays));
                continue;
            }
            try (NDScope scope = new NDScope()) {
                step(id, t, w, g, s);
                if (w.hasGradient()) {
                    if (w instanceof PtNDArray pt) {
                        JniUtils.zeroGrad(pt);
                    } else {
                        g.subi(g);
                    }
                }
            }
        }
        FusedCpu.run(jobs);
    }

    /** The per-parameter state slots, created on first use as detached arrays this class owns. */
    protected static final class Slots {
        private final Map<String, NDArray> map;
        private final NDArray like;

        Slots(Map<String, NDArray> map, NDArray like) {
            this.map = map;
            this.like = like;
        }

        /** The slot's array, created full of {@code init} with the weight's shape on first use. */
        public NDArray get(String name, double init) {
            NDArray a = map.get(name);
            if (a == null) {
                try (NDScope scope = new NDScope()) {
                    a = init == 0 ? like.zerosLike() : like.zerosLike().addi(init);
                    keep(a);
                }
                map.put(name, a);
            }
            return a;
        }

        /** The slot's array, or null when it was never set. */
        public NDArray find(String name) {
            return map.get(name);
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
    protected static NDArray withL2(NDArray g, NDArray w, double wd) {
        return wd == 0 ? g : g.add(w.mul(wd));
    }

    /**
     * Adam's moments of d in place, m = b1 m + (1 - b1) d and v = b2 v + (1 - b2) d^2, in the
     * form torch.optim writes them. With {@code keepMax} the running maximum of v (AMSGrad,
     * AMSBound, slot "vmax") is updated in place and returned in place of v.
     *
     * @return {m, v or max v}
     */
    protected static NDArray[] moments(Slots s, NDArray d, double beta1, double beta2,
            boolean keepMax) {
        return moments(s, d, beta1, beta2, keepMax, false);
    }

    /**
     * {@link #moments} with, when {@code centred}, the second moment of the gradient centred on
     * the updated first moment: v = b2 v + (1 - b2) (d - m)^2 (the 2018 paper's section 2.2.8;
     * {@code docs/equations.md#centred}).
     */
    protected static NDArray[] moments(Slots s, NDArray d, double beta1, double beta2,
            boolean keepMax, boolean centred) {
        NDArray m = s.get("m", 0).muli(beta1).addi(d.mul(1 - beta1));
        NDArray e = centred ? d.sub(m) : d;
        NDArray v = s.get("v", 0).muli(beta2).addi(e.square().muli(1 - beta2));
        if (keepMax) {
            v = s.get("vmax", 0).maximum(v);
            s.replace("vmax", v);
        }
        return new NDArray[] {m, v};
    }

    /** Bytes of state held (the benchmark's memory figure). */
    public long stateBytes() {
        return state.values().stream().flatMap(m -> m.values().stream())
                .mapToLong(a -> a.size() * a.getDataType().getNumOfBytes()).sum();
    }

    /** The parameter ids that hold state, sorted. */
    protected List<String> stateIds() {
        return new ArrayList<>(new TreeMap<>(state).keySet());
    }

    /** Number of state arrays held (for the memory test and the benchmark). */
    public int stateArrays() {
        return state.values().stream().mapToInt(Map::size).sum();
    }

    /** The highest step count of any parameter (BatchNorm's num_batches_tracked on export). */
    public int stepsTaken() {
        return steps.values().stream().mapToInt(Integer::intValue).max().orElse(0);
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
}

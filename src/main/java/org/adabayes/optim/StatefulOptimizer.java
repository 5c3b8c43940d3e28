package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * The rule interface every optimizer of the harness implements, in DJL's {@link Optimizer} shape.
 * A rule states its per-parameter state ({@link #slots}) and its step in three forms side by side
 * in its own file: as NDArray operations per tensor ({@link #step}: any device, any precision;
 * the reference the others match and the fallback), as a fused element-wise kernel ({@link
 * #kernel}: one pass over a float32 CPU tensor's memory, what makes a CPU step cost no more than
 * PyTorch's in-place ops) and as the scalars of its multi-tensor branch ({@link #multiTensor}:
 * every tensor of a device in one call, what a GPU runs). Its double-precision twin sits in the
 * same file. {@link #updateAll} chooses the form per tensor and zeroes the
 * gradient afterwards (DJL's built-ins do it inside their JNI op; without it PyTorch accumulates
 * gradients across steps); {@link OptimizerState} keeps and checkpoints the state.
 *
 * <p>The learning-rate schedule is a factor the trainer sets once per epoch.
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

    private final OptimizerState state = new OptimizerState();
    private final OptimizerOptions options;
    private final int batchSize;
    private volatile double factor = 1.0;
    private volatile boolean fused = !"false".equals(System.getProperty("adabayes.fused"));
    private volatile boolean multiTensor =
            !"false".equals(System.getProperty("adabayes.multitensor"));
    private LrTrace trace;
    private volatile StepCounts lastStep = new StepCounts(0, 0, 0, 0);

    /**
     * Which form steps a run's element-wise tensors, and why (for the manifest and {@code
     * adabayes doctor}): a switch, a missing module and the device each change the numbers in
     * the last bits, so none may go unrecorded.
     *
     * @param form {@code fused}, {@code multi-tensor} or {@code per-tensor}
     * @param why the reason in words
     */
    public record Route(String form, String why) {
        @Override
        public String toString() {
            return form + " (" + why + ")";
        }
    }

    /**
     * What the last {@link #updateAll} did: tensors through the fused kernel, calls into the
     * multi-tensor module and the tensors they stepped, tensors stepped one by one.
     */
    public record StepCounts(int fused, int multiTensorCalls, int multiTensorTensors,
            int perTensor) {}

    /**
     * @param options the resolved hyper-parameters this optimizer runs with
     * @param batchSize B, by which the AdaBayes family scale the mean-loss gradient (0 for the
     *     others)
     */
    protected StatefulOptimizer(OptimizerOptions options, int batchSize) {
        super(DjlDefaults.INSTANCE);
        this.options = options;
        this.batchSize = batchSize;
    }

    /** DJL's optimizer settings, each at its default: the rules use none of them. */
    private static final class DjlDefaults extends OptimizerBuilder<DjlDefaults> {
        static final DjlDefaults INSTANCE = new DjlDefaults();

        @Override
        protected DjlDefaults self() {
            return this;
        }
    }

    /** The resolved hyper-parameters this optimizer runs with. */
    public OptimizerOptions options() {
        return options;
    }

    public OptimizerKind kind() {
        return options.kind();
    }

    /** Step counts and state arrays, with their checkpoint encoding. */
    public OptimizerState state() {
        return state;
    }

    /** B, by which the AdaBayes family scale the mean-loss gradient (0 when not given). */
    protected int batchSize() {
        return batchSize;
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

    boolean fused() {
        return fused;
    }

    /**
     * Whether the tensors the fused kernel does not take (a GPU's, float64) are stepped together
     * through {@link MultiTensor} (default) or one by one in the NDArray form (for tests).
     */
    public void setMultiTensor(boolean multiTensor) {
        this.multiTensor = multiTensor;
    }

    boolean multiTensor() {
        return multiTensor;
    }

    /**
     * The form this optimizer's element-wise tensors take on a GPU ({@code gpu}) or the CPU in
     * {@code dtype} (Kronecker-factored layers and LR-traced parameters always step per tensor).
     */
    public Route route(boolean gpu, DataType dtype) {
        if (!gpu && dtype == DataType.FLOAT32) {
            return fused ? new Route("fused", "float32 CPU kernels")
                    : new Route("per-tensor", "adabayes.fused=false");
        }
        if (!multiTensor) {
            return new Route("per-tensor", "adabayes.multitensor=false");
        }
        if (multiTensor(1) == null) {
            return new Route("per-tensor", kind().id() + " has no multi-tensor branch");
        }
        if (!MultiTensor.available()) {
            return new Route("per-tensor", MultiTensor.unavailableReason());
        }
        return new Route("multi-tensor", "one call per step through " + MultiTensor.RESOURCE);
    }

    /**
     * Calls into the multi-tensor module so far in this process, by every optimizer (a step's
     * count is the difference across it).
     */
    public static long multiTensorCallsSoFar() {
        return MultiTensor.calls();
    }

    /** What the last step did, tensor by tensor. */
    public StepCounts lastStep() {
        return lastStep;
    }

    void recordStep(StepCounts counts) {
        lastStep = counts;
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

    /** The rule's step {@code t} as a fused kernel, its scalars computed once per step. */
    protected abstract Kernel kernel(int t);

    /**
     * The rule's step {@code t} over many tensors at once ({@link MultiTensor}): its branch of the
     * module, scalars and switches, computed from the same numbers as {@link #step}; null for a
     * rule without a branch there (its tensors then step one by one in the NDArray form).
     */
    protected abstract MultiTensor.Call multiTensor(int t);

    /**
     * Refreshes now what the rule otherwise refreshes every so many steps (AdaBayes-KF's
     * eigendecompositions), as a step due for it would: what a benchmark reports as the refresh
     * cost. Returns what was refreshed in words, e.g. the largest factor and the solver; null for
     * a rule that refreshes nothing.
     */
    public String refreshAll() {
        return null;
    }

    /** Whether a parameter may take the fused kernel (false where a rule needs matrix ops). */
    protected boolean fusable(String parameterId) {
        return true;
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        updateAll(List.of(parameterId), List.of(weight), List.of(grad));
    }

    /**
     * Updates many parameters at once, choosing per tensor which form of the rule runs: the fused
     * kernel for a float32 CPU tensor (all of them in one parallel pass, {@link FusedCpu}); for
     * the others (a GPU's tensors, float64) the multi-tensor step, one call for all the tensors of
     * one device, dtype and step count ({@link MultiTensor}); the per-tensor NDArray form for
     * what remains (a parameter the LR trace samples, a Kronecker-factored layer, or everything
     * when the module is off or missing). The NDArray form's temporaries live in a scope closed
     * after each tensor, so memory stays flat however many steps run, and every gradient is
     * zeroed after its update.
     */
    public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> grads) {
        List<FusedCpu.Job> jobs = new ArrayList<>();
        Map<Group, Members> groups = new LinkedHashMap<>();
        boolean multi = multiTensor() && MultiTensor.available() && multiTensor(1) != null;
        int oneByOne = 0;
        int multiTensors = 0;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            NDArray w = weights.get(i);
            NDArray g = grads.get(i);
            int t = state.nextStep(id);
            Slots s = state.slots(id, w);
            List<NDArray> slotArrays = new ArrayList<>();
            for (Slot slot : slots()) {
                slotArrays.add(s.get(slot.name(), slot.init()));
            }
            boolean elementWise = fusable(id) && (trace == null || !trace.samples(id));
            if (elementWise && fused() && FusedCpu.accepts(w, g, slotArrays)) {
                jobs.add(new FusedCpu.Job(kernel(t), w, g, slotArrays));
            } else if (elementWise && multi && w instanceof PtNDArray && g instanceof PtNDArray) {
                Members m = groups.computeIfAbsent(new Group(t, w.getDevice().toString(),
                        w.getDataType().name()), k -> new Members(new ArrayList<>(),
                                new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                m.weights().add(w);
                m.grads().add(g);
                m.slots().add(slotArrays);
                if (w.hasGradient()) {
                    m.own().add(w.getGradient());
                }
                multiTensors++;
            } else {
                stepOne(id, t, w, g, s);
                oneByOne++;
            }
        }
        for (Map.Entry<Group, Members> e : groups.entrySet()) {
            Members m = e.getValue();
            List<NDArray> arrays = new ArrayList<>();
            for (int k = 0; k < slots().size(); k++) {
                for (List<NDArray> perTensor : m.slots()) {
                    arrays.add(perTensor.get(k));
                }
            }
            try {
                MultiTensor.run(multiTensor(e.getKey().t()), m.weights(), m.grads(), arrays,
                        m.own());
            } finally {
                m.own().forEach(NDArray::close);
            }
        }
        FusedCpu.run(jobs);
        recordStep(new StepCounts(jobs.size(), groups.size(), multiTensors, oneByOne));
    }

    /** Tensors that one multi-tensor call steps together. */
    private record Group(int t, String device, String dtype) {}

    /**
     * A group's arrays: weights, gradients, per tensor the state arrays, and the weights' own
     * gradients to zero (handles of this step, closed after it).
     */
    private record Members(List<NDArray> weights, List<NDArray> grads, List<List<NDArray>> slots,
            List<NDArray> own) {}

    /** The NDArray form on one tensor, its temporaries closed and its gradient zeroed after. */
    private void stepOne(String id, int t, NDArray w, NDArray g, Slots s) {
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

    /** Coupled L2 (the six baselines): g + wd w as a new array, or g itself when wd is 0. */
    protected static NDArray withL2(NDArray g, NDArray w, double wd) {
        return wd == 0 ? g : g.add(w.mul(wd));
    }

    /** Closes every state array (they are detached from any manager, so nothing else will). */
    public void close() {
        state.close();
    }
}

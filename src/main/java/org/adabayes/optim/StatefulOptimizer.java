package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.optimizer.Optimizer;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * The rule interface every optimizer of the harness implements, in DJL's {@link Optimizer} shape.
 * A rule states its per-parameter state ({@link #slots}) and its step in three forms side by side
 * in its own file: as NDArray operations per tensor ({@link #step}: any device, any precision;
 * the reference the others match and the fallback), as a fused element-wise kernel ({@link
 * #kernel}: one pass over a float32 CPU tensor's memory, what makes a CPU step cost no more than
 * PyTorch's in-place ops) and as the scalars of its multi-tensor branch ({@link #multiTensor}:
 * every tensor of a device in one call, what a GPU runs). Its double-precision twin sits in the
 * same file. {@link StepDispatch} chooses the form per tensor and zeroes the
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
    private final OptimizerSpec spec;
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

    protected StatefulOptimizer(RuleBuilder<?, ?> builder) {
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

    /** Step counts and state arrays, with their checkpoint encoding. */
    public OptimizerState state() {
        return state;
    }

    /** B, by which the AdaBayes family scale the mean-loss gradient (0 when not given). */
    protected int batchSize() {
        return batchSize;
    }

    /** A resolved hyper-parameter. */
    protected double number(HyperParameter p) {
        return spec.number(p);
    }

    /** A variant flag of the 2018 paper: as set, else the paper's behaviour for this kind. */
    protected boolean flag(HyperParameter p) {
        return spec.variant(p);
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

    /** Whether a parameter may take the fused kernel (false where a rule needs matrix ops). */
    protected boolean fusable(String parameterId) {
        return true;
    }

    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        updateAll(List.of(parameterId), List.of(weight), List.of(grad));
    }

    /**
     * Updates many parameters at once: the CPU tensors in one fused parallel pass, the others
     * (a GPU's, a traced parameter's) one by one with NDArray operations.
     */
    public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> grads) {
        StepDispatch.run(this, ids, weights, grads);
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

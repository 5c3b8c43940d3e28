package org.adabayes.doctor;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.adabayes.bench.ModelBench;
import org.adabayes.bench.NativeCalls;
import org.adabayes.model.ModelSpec;
import org.adabayes.config.Precision;
import org.adabayes.config.RunConfig;
import org.adabayes.engine.Allocator;
import org.adabayes.engine.EngineSettings;
import org.adabayes.engine.NativeBuild;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.engine.Versions;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.train.RunParts;

/**
 * The checks of {@code adabayes doctor}, on the CPU and every GPU it is given. For each registry
 * optimizer, {@value #STEPS} training steps of a small network (ResNet-18 at 1/8 width, batch
 * {@value #BATCH}, a fixed random batch) are run three ways: the reference, on the CPU in float64
 * through the per-tensor NDArray form; the device in float64 through the form a run takes there
 * (multi-tensor; so on the CPU two different paths are compared, and a broken one fails); the
 * device in float32 (the fused kernels on the CPU, multi-tensor on a GPU). The float64 losses
 * must agree within {@value #FLOAT64_TOLERANCE} (relative) at every step, the float32 loss after
 * step 1 within {@value #FLOAT32_TOLERANCE}, and one optimizer step must be one call into the
 * multi-tensor module. Then ResNet-34 at batch 128 trains for a few timed steps (on a CPU at 1/8
 * width unless the full network is asked for), with a GPU's memory high-water mark.
 */
public final class Doctor {
    /** Steps of each comparison (the first loss is before any update, the rest after). */
    static final int STEPS = 3;
    static final int BATCH = 4;
    /**
     * The small network: 8 to 64 channels, so AdaBayes-KF's Kronecker factors stay small; it
     * needs the AVX2 cap of oneDNN, as ResNet-34 at 1/8 width does.
     */
    static final String SMALL = "resnet18";
    static final double SMALL_WIDTH = 0.125;
    /** float64: two implementations of the same arithmetic stay within rounding of each other. */
    public static final double FLOAT64_TOLERANCE = 1e-9;
    /**
     * float32 against float64 after one update: float32's rounding (~1e-7 a value) summed over a
     * network's reductions, with room, and far inside what a wrong step or TF32 moves.
     */
    public static final double FLOAT32_TOLERANCE = 1e-4;

    /** Faults a test injects to see a check fail (a hidden option of the command). */
    public enum Fault {
        /** The device's float64 network starts 1e-6 away from the reference's. */
        FLOAT64,
        /** The device's optimizer steps tensor by tensor when the calls are counted. */
        PER_TENSOR
    }

    /**
     * How to run.
     *
     * @param fullWidth time the full-width ResNet-34 on the CPU too
     * @param timedSteps timed steps of the throughput (0: 2 on a CPU, 10 on a GPU)
     * @param fault a fault to inject, or null
     * @param optimizers the optimizers to check (the registry's, unless a test narrows them)
     */
    public record Options(boolean fullWidth, int timedSteps, Fault fault,
            List<OptimizerKind> optimizers) {
        public Options {
            optimizers = optimizers == null || optimizers.isEmpty()
                    ? List.of(OptimizerKind.values()) : List.copyOf(optimizers);
        }
    }

    private final Options opts;
    private final PrintWriter out;
    private final List<Check> checks = new ArrayList<>();
    private final Map<OptimizerKind, double[]> reference = new HashMap<>();

    private Doctor(Options opts, PrintWriter out) {
        this.opts = opts;
        this.out = out;
    }

    /** Reports, checks the CPU and then each of {@code gpus}, prints the verdict; the checks. */
    public static List<Check> run(Options opts, List<Target> gpus, PrintWriter out) {
        Doctor d = new Doctor(opts, out);
        d.report(gpus);
        List<Target> targets = new ArrayList<>();
        targets.add(Target.cpu());
        targets.addAll(gpus);
        for (Target t : targets) {
            d.checkDevice(t);
        }
        out.println(DoctorReport.verdict(d.checks));
        out.flush();
        return d.checks;
    }

    /** What the machine and the engine are. */
    private void report(List<Target> gpus) {
        // every network the doctor runs is capped together, before the first convolution
        OneDnnIsa.apply(List.of(config(OptimizerKind.SGD, SMALL, SMALL_WIDTH, BATCH).model(),
                Throughput.model(opts, false).model()), null);
        EngineSettings.apply(config(OptimizerKind.SGD, SMALL, SMALL_WIDTH, BATCH)
                .engineSettings());
        NativeBuild b = NativeBuild.probe();
        line("harness", "adabayes-harness " + Versions.project() + " (" + Versions.harnessCommit()
                + "), DJL " + Versions.djl() + ", Java " + System.getProperty("java.version"));
        line("engine", "PyTorch " + b.libtorch() + ", " + b.flavour() + " flavour, from "
                + b.source());
        line("libtorch", b.path());
        line("CUDA", b.cuda());
        line("cuDNN", b.cudnn());
        if (gpus.isEmpty()) {
            line("GPUs", "none visible: the CPU alone is checked");
        }
        for (Target t : gpus) {
            var g = t.gpu();
            Boolean k = b.hasKernelsFor(g.capability());
            line(t.label(), String.format(Locale.ROOT, "%s, %.1f GiB, compute capability %s, "
                    + "kernels for it in this build: %s", g.name(), g.totalBytes() / 1073741824.0,
                    g.capability(), k == null ? "unknown (a user's libtorch; a kernel is run)"
                            : k ? "yes" : "NO (built for " + String.join(", ", b.archs()) + ")"));
        }
        String cap = OneDnnIsa.cap();
        line("oneDNN cap", cap == null ? "none (all of the CPU's instruction sets)" : cap);
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                RunParts p = RunParts.assemble(config(OptimizerKind.SGD, SMALL, SMALL_WIDTH,
                        BATCH), 3, 10, m, DataType.FLOAT32, null)) {
            StatefulOptimizer o = p.optimizer();
            line("optimizer", "cpu float32: " + o.route(false, DataType.FLOAT32) + "; cpu "
                    + "float64 and gpu: " + o.route(true, DataType.FLOAT32));
        }
        StringBuilder s = new StringBuilder();
        EngineSettings.current().forEach((k, v) -> s.append(s.length() == 0 ? "" : " ")
                .append(k).append('=').append(v));
        line("settings", s.toString());
        line("allocator", Allocator.describe());
        line("offline", "DJL_OFFLINE=" + System.getenv("DJL_OFFLINE") + " OPT_OUT_TRACKING="
                + System.getenv("OPT_OUT_TRACKING") + " ai.djl.offline="
                + System.getProperty("ai.djl.offline"));
        out.flush();
    }

    private void line(String key, String value) {
        out.printf(Locale.ROOT, "%-11s %s%n", key, value);
    }

    private void checkDevice(Target t) {
        if (t.isGpu()) {
            check("kernels " + t.label(), () -> kernels(t));
        }
        for (OptimizerKind k : opts.optimizers()) {
            double[] ref = reference(k);
            // the calls are counted where the multi-tensor form runs: float64 on a CPU, float32
            // (what a run trains in) on a GPU
            Precision counted = t.isGpu() ? Precision.FLOAT32 : Precision.FLOAT64;
            Steps[] run = new Steps[2];
            check("float64 " + k.id() + " " + t.label(), () -> {
                run[0] = steps(k, t, Precision.FLOAT64, opts.fault() == Fault.FLOAT64, false,
                        counted == Precision.FLOAT64);
                return compare(ref, run[0].losses(), FLOAT64_TOLERANCE, STEPS) + "; "
                        + run[0].route();
            });
            check("float32 " + k.id() + " " + t.label(), () -> {
                run[1] = steps(k, t, Precision.FLOAT32, false, false,
                        counted == Precision.FLOAT32);
                return compare(ref, run[1].losses(), FLOAT32_TOLERANCE, 2) + "; "
                        + run[1].route();
            });
            Steps c = run[counted == Precision.FLOAT64 ? 0 : 1];
            check("calls " + k.id() + " " + t.label(), () -> {
                if (c == null) {
                    throw new Failed("not counted: the " + counted + " steps did not run");
                }
                if (c.calls() != null) {
                    throw new Failed(c.calls());
                }
                return c.counted();
            });
        }
        check("throughput " + t.label(), () -> Throughput.run(t, opts));
    }

    /** What a check returns: its detail, or a failure. */
    @FunctionalInterface
    private interface Body {
        String run() throws IOException;
    }

    /** A check's failure, with what was measured. */
    static final class Failed extends RuntimeException {
        Failed(String detail) {
            super(detail);
        }
    }

    private void check(String name, Body body) {
        Check c;
        try {
            c = new Check(name, true, body.run());
        } catch (Failed e) {
            c = new Check(name, false, e.getMessage());
        } catch (IOException | RuntimeException e) {
            // the doctor reports what broke, where a run would stop
            c = new Check(name, false, e.getClass().getSimpleName() + ": " + String.valueOf(
                    e.getMessage()).lines().findFirst().orElse(""));
        }
        checks.add(c);
        out.println(DoctorReport.line(c));
        out.flush();
    }

    /** The build has kernels for the GPU's capability, and one runs there. */
    private String kernels(Target t) {
        NativeBuild b = NativeBuild.probe();
        Boolean built = b.hasKernelsFor(t.gpu().capability());
        if (Boolean.FALSE.equals(built)) {
            throw new Failed("compute capability " + t.gpu().capability() + " is not among "
                    + "this libtorch's architectures " + b.archs() + ": use a libtorch built "
                    + "for it (PYTORCH_LIBRARY_PATH)");
        }
        try (NDManager m = NDManager.newBaseManager(t.device())) {
            float v = m.ones(new Shape(4)).add(1).sum().getFloat();
            if (v != 8f) {
                throw new Failed("a kernel on " + t.label() + " computed 2+2+2+2 = " + v);
            }
        }
        return "compute capability " + t.gpu().capability() + (built == null ? ""
                : ", in the build's list") + "; a kernel ran";
    }

    /** The CPU float64 per-tensor losses of {@code k}, computed once. */
    private double[] reference(OptimizerKind k) {
        if (!reference.containsKey(k)) {
            try {
                reference.put(k, steps(k, Target.cpu(), Precision.FLOAT64, false, true, false)
                        .losses());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return reference.get(k);
    }

    /**
     * Losses of {@value #STEPS} steps and the route taken; with a count, what one more
     * optimizer step called, and why that fails the calls check (null when it passes).
     */
    record Steps(double[] losses, String route, String counted, String calls) {}

    /**
     * {@value #STEPS} steps of the small network; {@code perTensor} forces the reference form,
     * {@code perturb} moves one weight (the injected fault).
     */
    private Steps steps(OptimizerKind k, Target t, Precision p, boolean perturb,
            boolean perTensor, boolean count) throws IOException {
        RunConfig cfg = config(k, SMALL, SMALL_WIDTH, BATCH);
        DataType dtype = RunParts.dataType(p);
        try (NDManager m = NDManager.newBaseManager(t.device());
                RunParts parts = RunParts.assemble(cfg, 3, 10, m, dtype, null)) {
            if (perTensor) {
                parts.optimizer().setFused(false);
                parts.optimizer().setMultiTensor(false);
            }
            if (t.isGpu()) {
                // no GPU tensor takes the fused kernel; a stand-in GPU's CPU tensors must not
                parts.optimizer().setFused(false);
            }
            if (perturb) {
                parts.net().stateDict().values().iterator().next().getArray().addi(1e-6);
            }
            Batch b = Batch.of(BATCH);
            NDArray x = parts.step().input(b.images(), BATCH);
            NDArray y = parts.step().labels(b.labels(), BATCH);
            // float32 is compared after one update only: two steps are all it needs
            double[] losses = new double[p == Precision.FLOAT32 ? 2 : STEPS];
            for (int i = 0; i < losses.length; i++) {
                losses[i] = parts.step().trainOn(x, y, true);
            }
            String route = parts.optimizer().route(t.isGpu(), dtype).toString();
            if (!count) {
                return new Steps(losses, route, null, null);
            }
            if (opts.fault() == Fault.PER_TENSOR) {
                parts.optimizer().setMultiTensor(false);
            }
            // one more step over the gradients the last one zeroed: its calls are counted
            long before = StatefulOptimizer.multiTensorCallsSoFar();
            int n = NativeCalls.count(() -> parts.step().optimizerStep());
            long multi = StatefulOptimizer.multiTensorCallsSoFar() - before;
            var c = parts.optimizer().lastStep();
            String what = String.format(Locale.ROOT, "%s: %d native call(s), %d of them "
                    + "multi-tensor (%d tensors there, %d fused, %d per tensor)", p, n, multi,
                    c.multiTensorTensors(), c.fused(), c.perTensor());
            // one call for the element-wise tensors; a rule with a branch for its
            // Kronecker-factored layers makes one more, and nothing else may call
            boolean ok = multi >= 1 && n == multi && c.perTensor() == 0 && c.fused() == 0;
            return new Steps(losses, route, what, ok ? null : what + "; expected every call "
                    + "to be a multi-tensor one (" + parts.optimizer().route(t.isGpu(), dtype)
                    + ")");
        }
    }

    /**
     * Compares the first {@code n} losses: each within {@code tol} relative to the reference.
     */
    static String compare(double[] ref, double[] got, double tol, int n) {
        double worst = 0;
        int at = 0;
        for (int i = 0; i < n; i++) {
            double d = Math.abs(got[i] - ref[i]) / Math.max(1, Math.abs(ref[i]));
            if (!(d <= worst) && !Double.isNaN(worst)) { // NaN, once seen, stays the worst
                worst = d;
                at = i;
            }
        }
        String s = String.format(Locale.ROOT, "loss %.10f vs %.10f at step %d, difference %.1e "
                + "(bound %.0e)", got[at], ref[at], at + 1, worst, tol);
        if (!(worst <= tol)) {
            throw new Failed(s);
        }
        return s;
    }

    /** A config of the small network (or ResNet-34) for {@code k}, paper defaults. */
    static RunConfig config(OptimizerKind k, String model, double width, int batch) {
        return ModelBench.config(new ModelSpec(model, width, null, null), k, batch);
    }

    /** A fixed random batch of 32x32 RGB images and labels, the same on every device. */
    record Batch(float[] images, int[] labels) {
        static Batch of(int n) {
            SplittableRandom r = new SplittableRandom(20181201L);
            float[] x = new float[n * 3 * 32 * 32];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) r.nextGaussian();
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(10);
            }
            return new Batch(x, y);
        }
    }

}

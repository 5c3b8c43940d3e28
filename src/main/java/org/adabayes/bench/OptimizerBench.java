package org.adabayes.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.optim.StatefulOptimizer;

/**
 * Times one optimizer step over a network's real parameter shapes, every optimizer against DJL's
 * built-in (fused) Adam, interleaved within each round so machine drift hits all alike: the step
 * as training takes it and the multi-tensor step a GPU takes, with the native calls of each. It
 * prints numbers and asserts none; it also prints the arrays left behind and the change in resident
 * memory, the two ways an optimizer can leak.
 */
public final class OptimizerBench {
    private static final String DJL_ADAM = "djl-adam";

    private OptimizerBench() {}

    /**
     * Runs the benchmark.
     *
     * @param shapes the trainable parameter shapes (e.g. ResNet-34's 110 tensors)
     * @param kinds the optimizers to time beside DJL's Adam
     * @param rounds timed rounds after 3 warm-up rounds
     */
    public static void run(List<Shape> shapes, List<OptimizerKind> kinds, int batchSize,
            int rounds, Device device, String deviceName, PrintWriter out) throws IOException {
        run(shapes, kinds, batchSize, rounds, device, deviceName, null, out);
    }

    /**
     * The other side of a side-by-side run: one step of a rule, in ms (PyTorch's); with {@code
     * foreach}, torch.optim's multi-tensor form (NaN where torch.optim has no such rule).
     */
    @FunctionalInterface
    public interface Reference {
        double stepMs(OptimizerKind kind, boolean foreach) throws IOException;
    }

    /**
     * As {@link #run}, with each optimizer's step also timed in {@code reference} (the same rule
     * in PyTorch), one step per round right after the harness's, so both see the same machine.
     */
    public static void run(List<Shape> shapes, List<OptimizerKind> kinds, int batchSize,
            int rounds, Device device, String deviceName, Reference reference, PrintWriter out)
            throws IOException {
        long total = shapes.stream().mapToLong(Shape::size).sum();
        out.printf(Locale.ROOT, "optimizer step over %d parameters in %d tensors, %s; %d timed "
                + "rounds after 3 warm-up, optimizers interleaved within each round so machine "
                + "drift hits all alike%n", total, shapes.size(), deviceName, rounds);
        try (NDManager m = NDManager.newBaseManager(device)) {
            List<String> names = new ArrayList<>();
            List<Optimizer> opts = new ArrayList<>();
            names.add(DJL_ADAM);
            opts.add(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
            for (OptimizerKind k : kinds) {
                names.add(k.id());
                opts.add(k.paper(PaperNetwork.RESNET34, batchSize).create(batchSize));
            }
            List<NDArray> grads = new ArrayList<>();
            for (Shape s : shapes) {
                grads.add(m.randomNormal(s).muli(0.01f));
            }
            List<List<NDArray>> weights = new ArrayList<>();
            for (int o = 0; o < names.size(); o++) {
                List<NDArray> w = new ArrayList<>();
                for (Shape s : shapes) {
                    NDArray a = m.randomNormal(s);
                    a.setRequiresGradient(true);
                    w.add(a);
                }
                // give each weight its own gradient, as training does (the step zeroes it)
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray sum = null;
                    for (NDArray a : w) {
                        sum = sum == null ? a.sum() : sum.add(a.sum());
                    }
                    gc.backward(sum);
                }
                weights.add(w);
            }
            List<String> ids = new ArrayList<>();
            for (int k = 0; k < shapes.size(); k++) {
                ids.add("p" + k);
            }
            double[][] ms = new double[names.size()][rounds];
            double[][] multi = new double[names.size()][rounds];
            double[][] ref = new double[names.size()][rounds];
            double[][] refForeach = new double[names.size()][rounds];
            int arraysBefore = 0;
            long rssBefore = 0;
            for (int round = -3; round < rounds; round++) {
                if (round == 0) {
                    arraysBefore = m.getManagedArrays().size();
                    rssBefore = rssKb();
                }
                for (int o = 0; o < names.size(); o++) {
                    Optimizer opt = opts.get(o);
                    List<NDArray> w = weights.get(o);
                    double t = OptimizerSteps.ms(opt, ids, w, grads);
                    if (opt instanceof StatefulOptimizer so) {
                        so.setFused(false);
                        double tm = OptimizerSteps.ms(opt, ids, w, grads);
                        so.setFused(true);
                        if (round >= 0) {
                            multi[o][round] = tm;
                        }
                    }
                    if (round >= 0) {
                        ms[o][round] = t;
                    }
                    if (reference != null && o > 0) {
                        double r = reference.stepMs(kinds.get(o - 1), false);
                        double rf = reference.stepMs(kinds.get(o - 1), true);
                        if (round >= 0) {
                            ref[o][round] = r;
                            refForeach[o][round] = rf;
                        }
                    }
                }
            }
            int grown = m.getManagedArrays().size() - arraysBefore;
            long rss = rssKb() - rssBefore;
            int[][] calls = OptimizerSteps.calls(opts, ids, weights, grads);
            out.printf(Locale.ROOT, "%-12s %9s %8s %8s %7s %9s %11s %9s %10s%s%n", "optimizer",
                    "median ms", "min ms", "max ms", "x Adam", "multi ms", "calls/step",
                    "ops/step", "per-tensor",
                    reference == null ? "" : "   torch ms  x torch  foreach ms  x foreach");
            double adam = median(ms[0]);
            for (int o = 0; o < names.size(); o++) {
                double med = median(ms[o]);
                boolean ours = opts.get(o) instanceof StatefulOptimizer;
                out.printf(Locale.ROOT, "%-12s %9.1f %8.1f %8.1f %7.2f %9s %11d %9d %10s",
                        names.get(o), med, Arrays.stream(ms[o]).min().orElse(0),
                        Arrays.stream(ms[o]).max().orElse(0), med / adam,
                        ours ? String.format(Locale.ROOT, "%.1f", median(multi[o])) : "-",
                        calls[0][o], calls[1][o], ours ? Integer.toString(calls[2][o]) : "-");
                if (reference != null && o > 0) {
                    double r = median(ref[o]);
                    double rf = median(refForeach[o]);
                    out.printf(Locale.ROOT, " %10.1f %8.2f", r, med / r);
                    out.printf(Locale.ROOT, Double.isNaN(rf) ? " %11s %10s" : " %11.1f %10.2f",
                            Double.isNaN(rf) ? "-" : rf, Double.isNaN(rf) ? "-" : med / rf);
                }
                out.printf("%n");
            }
            if (reference != null) {
                out.printf("torch: the same rule in Debian's PyTorch, 2 threads, in-place ops "
                        + "(torch.optim where it has the rule, Luo's AdaBound code, the AdaBayes "
                        + "author's form; adabayes-kf without layer statistics is AdaBayes-FP), "
                        + "opt.step() alone (the harness's step also zeroes the gradients); "
                        + "foreach: torch.optim with foreach=True, where it has the rule%n");
            }
            out.printf(Locale.ROOT, "median/min/max ms: the step as training takes it (all %d "
                    + "tensors in one call: the fused kernels on float32 CPU tensors); multi ms: "
                    + "the multi-tensor step, the path a GPU takes, timed here on %s%n",
                    shapes.size(), deviceName);
            out.printf(Locale.ROOT, "calls/step: calls from Java into libtorch of one step on "
                    + "the path a GPU takes (the multi-tensor step), counted by libtorch's "
                    + "profiler; ops/step: the outermost libtorch operators it runs (a foreach "
                    + "operator is a few multi-tensor kernel launches on a GPU); per-tensor: the "
                    + "calls of the per-tensor NDArray form; the fused CPU kernels dispatch "
                    + "none%n");
            out.printf(Locale.ROOT, "arrays left behind over %d rounds: %d; RSS change: %.1f MB%n",
                    rounds, grown, rss / 1024.0);
            for (Optimizer o : opts) {
                if (o instanceof StatefulOptimizer so) {
                    so.close();
                }
            }
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Resident memory of this process in kB (0 where /proc is not there). */
    public static long rssKb() throws IOException {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return 0;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return 0;
    }
}

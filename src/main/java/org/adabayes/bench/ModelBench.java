package org.adabayes.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.config.ModelSpec;
import org.adabayes.engine.Devices;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.engine.Versions;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.AdaBayesKf;
import org.adabayes.optim.HyperParameter;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerSpec;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.train.TrainStep;

/**
 * Training steps of each network on the current device (forward, backward and an SGD step on a
 * fixed random batch), alone or beside the same step in PyTorch eager ({@link TorchBench}),
 * interleaved round by round, with the harness's step broken into its parts. It prints numbers
 * and asserts none.
 */
public final class ModelBench {
    private static final int WARMUP = 3;

    private ModelBench() {}

    /** One network at one batch size. */
    public record Case(ModelSpec model, int batch) {
        String label() {
            return model.label() + " b" + batch;
        }
    }

    /** One network's harness, ready to step. */
    private static final class Harness implements AutoCloseable {
        final NDManager manager;
        final StatefulOptimizer opt;
        final TrainStep step;
        final NDArray x;
        final NDArray y;
        final long params;

        Harness(Case c, Device device) {
            this(c, device, OptimizerKind.SGD);
        }

        Harness(Case c, Device device, OptimizerKind optimizer) {
            manager = NDManager.newBaseManager(device);
            TorchNet net = Models.create(c.model(), 3, 10, manager, 1);
            params = Models.trainableParameters(net);
            opt = optimizer.create(OptimizerSpec.of(optimizer).resolve(
                    c.model().paperNetwork(), c.batch()), c.batch());
            step = new TrainStep(manager, net, opt, new Shape(3, 32, 32));
            x = manager.randomNormal(new Shape(c.batch(), 3, 32, 32));
            y = manager.randomInteger(0, 10, new Shape(c.batch()),
                    ai.djl.ndarray.types.DataType.INT64);
        }

        /** ms per step over {@code steps} steps, ending in one read so all work is counted. */
        double time(int steps) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                step.trainOn(x, y, false);
            }
            step.drain();
            return (System.nanoTime() - t0) / 1e6 / steps;
        }

        @Override
        public void close() {
            opt.close();
            manager.close();
        }
    }

    public static void run(List<ModelSpec> models, int batchSize, int steps, Device device,
            OptimizerKind optimizer, PrintWriter out) {
        OneDnnIsa.apply(models, null);
        out.printf(Locale.ROOT, "training images/s at batch %d on %s with %s (%d warm-up steps, "
                + "%d timed)%n", batchSize, Devices.describe(device), optimizer.displayName(),
                WARMUP, steps);
        boolean kf = optimizer.accepts(HyperParameter.REFRESH_EVERY);
        out.printf(Locale.ROOT, "%-18s %12s %10s %10s %10s%s%n", "model", "parameters", "s/step",
                "img/s", "state MB", kf ? "  refresh s  largest factor" : "");
        for (ModelSpec spec : models) {
            try (Harness h = new Harness(new Case(spec, batchSize), device, optimizer)) {
                h.time(WARMUP);
                double ms = h.time(steps);
                out.printf(Locale.ROOT, "%-18s %12d %10.3f %10.1f %10.1f", spec.label(), h.params,
                        ms / 1e3, batchSize / (ms / 1e3), h.opt.state().bytes() / 1048576.0);
                if (h.opt instanceof AdaBayesKf k) {
                    long t0 = System.nanoTime();
                    int side = k.refreshAll();
                    out.printf(Locale.ROOT, " %10.2f  %d x %d", (System.nanoTime() - t0) / 1e9,
                            side, side);
                }
                out.printf("%n");
                out.flush();
            }
        }
        if (kf) {
            out.printf(Locale.ROOT, "s/step excludes refreshes (AdaBayes-KF refreshes every %s "
                    + "steps); refresh s is one refresh of every layer's factors, with %s%n",
                    OptimizerSpec.of(optimizer).resolve(PaperNetwork.RESNET34, batchSize)
                            .value(HyperParameter.REFRESH_EVERY),
                    AdaBayesKf.nativeEigensolver(device) ? "libtorch's eigh" : "EJML (Java)");
        }
    }

    /**
     * The harness against PyTorch eager (Debian's, 2 threads, the reference's networks,
     * torch.optim SGD), case by case: {@code rounds} rounds of {@code steps} steps each side,
     * alternating, medians of the rounds; then the harness's step in parts.
     */
    public static void sideBySide(List<Case> cases, int steps, int rounds, Path work,
            PrintWriter out) throws IOException {
        OneDnnIsa.apply(cases.stream().map(Case::model).toList(), null);
        String cap = System.getenv("ONEDNN_MAX_CPU_ISA");
        out.printf(Locale.ROOT, "harness (DJL %s, PyTorch %s) vs PyTorch %s eager, CPU, %d "
                + "threads each; SGD step; %d rounds of %d steps per side, alternating, median of "
                + "rounds%s%n", Versions.djl(), Versions.pytorch(), "1.13", threads(), rounds,
                steps, cap == null ? "" : "; oneDNN capped at " + cap);
        out.printf(Locale.ROOT, "%-22s %11s %11s %7s %11s %11s%n", "network batch", "harness ms",
                "torch ms", "ratio", "harness i/s", "torch i/s");
        List<double[]> parts = new ArrayList<>();
        try (TorchBench torch = TorchBench.start(work)) {
            for (Case c : cases) {
                double[] h = new double[rounds];
                double[] t = new double[rounds];
                try (Harness harness = new Harness(c, Device.cpu())) {
                    harness.time(WARMUP);
                    torch.ask(request(c, WARMUP, 0));
                    for (int r = 0; r < rounds; r++) {
                        h[r] = harness.time(steps);
                        t[r] = torch.ask(request(c, steps, 0)).get("ms_per_step_median")
                                .asDouble();
                    }
                    parts.add(StepParts.time(harness.step, harness.x, harness.y, steps));
                }
                double hm = median(h);
                double tm = median(t);
                out.printf(Locale.ROOT, "%-22s %11.2f %11.2f %7.2f %11.1f %11.1f%n", c.label(),
                        hm, tm, hm / tm, c.batch() / (hm / 1e3), c.batch() / (tm / 1e3));
                out.flush();
            }
        }
        out.printf(Locale.ROOT, "%nharness step in parts (ms per step, each timed alone): "
                + "forward = forward + loss recording the graph; backward = (forward + "
                + "backward) - forward; optimizer = SGD step alone; read = one scalar read back%n");
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s%n", "network batch", "forward",
                "backward", "optimizer", "read");
        for (int i = 0; i < cases.size(); i++) {
            double[] p = parts.get(i);
            out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %9.3f%n", cases.get(i).label(),
                    p[0], p[1] - p[0], p[2], p[3]);
        }
        out.flush();
    }

    private static Map<String, Object> request(Case c, int steps, int warmup) {
        Map<String, Object> r = new LinkedHashMap<>();
        ModelSpec m = c.model();
        r.put("model", m.name());
        if (m.isDenseNet()) {
            r.put("growth", m.growth());
            r.put("blocks", m.blocks());
        } else {
            r.put("width", m.width());
        }
        r.put("batch", c.batch());
        r.put("optimizer", "sgd");
        r.put("steps", steps);
        r.put("warmup", warmup);
        r.put("threads", threads());
        return r;
    }

    static int threads() {
        return Runtime.getRuntime().availableProcessors();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

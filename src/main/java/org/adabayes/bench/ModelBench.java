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
import ai.djl.pytorch.jni.JniUtils;
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
    private ModelBench() {}

    /**
     * How both benchmarks time a step, harness-only and side by side alike: {@code warmup}
     * untimed steps (the JIT's compilation and libtorch's first-call allocations), then {@code
     * rounds} rounds of {@code steps} steps, each round's mean ms per step (its wall time over its
     * steps, ending in a read so all work is counted); the median of rounds is the result, the
     * min and max its spread.
     */
    public record Protocol(int warmup, int rounds, int steps) {
        String describe() {
            return String.format(Locale.ROOT, "%d warm-up steps, then %d rounds of %d steps; a "
                    + "round's mean ms/step; median of rounds (min-max spread)", warmup, rounds,
                    steps);
        }
    }

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
            if (steps == 0) {
                return 0;
            }
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

    public static void run(List<ModelSpec> models, int batchSize, Protocol protocol,
            Device device, OptimizerKind optimizer, PrintWriter out) {
        OneDnnIsa.apply(models, null);
        out.printf(Locale.ROOT, "training images/s at batch %d on %s with %s; %s%n", batchSize,
                Devices.describe(device), optimizer.displayName(), protocol.describe());
        out.printf(Locale.ROOT, "%s%n", harnessSide());
        boolean kf = optimizer.accepts(HyperParameter.REFRESH_EVERY);
        out.printf(Locale.ROOT, "%-18s %12s %10s %10s %10s %10s %10s%s%n", "model", "parameters",
                "median ms", "min ms", "max ms", "img/s", "state MB",
                kf ? "  refresh s  largest factor" : "");
        for (ModelSpec spec : models) {
            try (Harness h = new Harness(new Case(spec, batchSize), device, optimizer)) {
                double[] r = rounds(h, protocol);
                double ms = median(r);
                out.printf(Locale.ROOT, "%-18s %12d %10.2f %10.2f %10.2f %10.1f %10.1f",
                        spec.label(), h.params, ms, min(r), max(r), batchSize / (ms / 1e3),
                        h.opt.state().bytes() / 1048576.0);
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
    public static void sideBySide(List<Case> cases, Protocol protocol, Path work,
            PrintWriter out) throws IOException {
        OneDnnIsa.apply(cases.stream().map(Case::model).toList(), null);
        out.printf(Locale.ROOT, "harness vs PyTorch eager, CPU, SGD step, the same protocol on "
                + "both sides, rounds alternating: %s%n", protocol.describe());
        out.printf(Locale.ROOT, "%s%n", harnessSide());
        List<double[]> parts = new ArrayList<>();
        List<Double> wholes = new ArrayList<>();
        List<String> rows = new ArrayList<>();
        String torchSide = null;
        try (TorchBench torch = TorchBench.start(work)) {
            for (Case c : cases) {
                int rounds = protocol.rounds();
                double[] h = new double[rounds];
                double[] t = new double[rounds];
                try (Harness harness = new Harness(c, Device.cpu())) {
                    harness.time(protocol.warmup());
                    var answer = torch.ask(request(c, protocol.warmup(), 0));
                    torchSide = String.format(Locale.ROOT, "torch:   PyTorch %s, intra-op "
                            + "threads %d, inter-op threads %d, oneDNN ISA cap %s",
                            answer.path("torch").asText(), answer.path("threads").asInt(),
                            answer.path("interop_threads").asInt(),
                            answer.path("onednn_isa_cap").isNull() ? "none (native)"
                                    : answer.path("onednn_isa_cap").asText());
                    for (int r = 0; r < rounds; r++) {
                        h[r] = harness.time(protocol.steps());
                        t[r] = torch.ask(request(c, protocol.steps(), 0)).get("ms_per_step_mean")
                                .asDouble();
                    }
                    parts.add(StepParts.time(harness.step, harness.x, harness.y,
                            protocol.steps()));
                }
                double hm = median(h);
                double tm = median(t);
                wholes.add(hm);
                rows.add(String.format(Locale.ROOT, "%-22s %18s %18s %7.2f %11.1f %11.1f",
                        c.label(), spread(h), spread(t), hm / tm, c.batch() / (hm / 1e3),
                        c.batch() / (tm / 1e3)));
            }
        }
        out.printf(Locale.ROOT, "%s%n", torchSide);
        out.printf(Locale.ROOT, "%-22s %18s %18s %7s %11s %11s%n", "network batch",
                "harness ms (range)", "torch ms (range)", "ratio", "harness i/s", "torch i/s");
        rows.forEach(r -> out.printf(Locale.ROOT, "%s%n", r));
        out.printf(Locale.ROOT, "%nharness step in parts (ms per step, each timed alone): "
                + "forward = forward + loss recording the graph; backward = (forward + "
                + "backward) - forward; optimizer = SGD step alone; read = one scalar read back; "
                + "rest = the whole step (median above) less the parts: what the parts timed "
                + "alone do not account for%n");
        out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s %9s%n", "network batch", "forward",
                "backward", "optimizer", "read", "rest", "whole");
        for (int i = 0; i < cases.size(); i++) {
            double[] p = parts.get(i);
            double whole = wholes.get(i);
            out.printf(Locale.ROOT, "%-22s %9.2f %9.2f %9.2f %9.3f %9.2f %9.2f%n",
                    cases.get(i).label(), p[0], p[1] - p[0], p[2], p[3],
                    whole - p[1] - p[2] - p[3], whole);
        }
        out.flush();
    }

    /** Round times of one harness under the protocol (warm-up untimed). */
    private static double[] rounds(Harness h, Protocol p) {
        h.time(p.warmup());
        double[] r = new double[p.rounds()];
        for (int i = 0; i < r.length; i++) {
            r[i] = h.time(p.steps());
        }
        return r;
    }

    /** The harness side's engine and threads, as the protocol line states them. */
    private static String harnessSide() {
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads libtorch, whose threads it reports
        String cap = OneDnnIsa.cap();
        return String.format(Locale.ROOT, "harness: DJL %s, libtorch %s, intra-op threads %d, "
                + "inter-op threads %d, oneDNN ISA cap %s", Versions.djl(), Versions.pytorch(),
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                cap == null ? "none (native)" : cap);
    }

    /** "median (min-max)" of round times. */
    private static String spread(double[] r) {
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(r), min(r), max(r));
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
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

package org.adabayes.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.model.ModelSpec;
import org.adabayes.engine.Devices;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.engine.Versions;
import org.adabayes.model.Models;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.train.RunParts;
import org.adabayes.train.TrainStep;

/**
 * Training steps of each network on the current device (forward, backward and an optimizer step
 * on a fixed random batch) under one timing {@link Protocol}, the one {@link SideBySide} also uses
 * beside PyTorch. It prints numbers and asserts none.
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
        public String describe() {
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

    /**
     * A benchmark's run config: the network, the optimizer with its paper defaults, the batch
     * size, seed 1; what {@link RunParts} assembles a benchmarked step from, as a run's.
     */
    public static RunConfig config(ModelSpec model, OptimizerKind optimizer, int batch) {
        ObjectMapper json = new ObjectMapper().setSerializationInclusion(
                JsonInclude.Include.NON_NULL);
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        tree.set("model", json.valueToTree(model));
        tree.putObject("optimizer").put("name", optimizer.id());
        tree.put("batchSize", batch);
        tree.put("seed", 1);
        return ConfigLoader.bind(tree, RunConfig.class, "bench");
    }

    /** One network's harness, ready to step: a run's own parts, on a fixed random batch. */
    static final class Harness implements AutoCloseable {
        final NDManager manager;
        final RunParts parts;
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
            parts = RunParts.assemble(config(c.model(), optimizer, c.batch()), 3, 10, manager,
                    DataType.FLOAT32, null);
            params = Models.trainableParameters(parts.net());
            opt = parts.optimizer();
            step = parts.step();
            x = manager.randomNormal(new Shape(c.batch(), 3, 32, 32));
            y = manager.randomInteger(0, 10, new Shape(c.batch()), DataType.INT64);
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
            parts.close();
            manager.close();
        }
    }

    /** Times each network; its rows, as printed, for a result set. */
    public static List<ResultSet.Row> run(List<ModelSpec> models, int batchSize,
            Protocol protocol, Device device, OptimizerKind optimizer, PrintWriter out) {
        List<ResultSet.Row> rows = new ArrayList<>();
        OneDnnIsa.apply(models, null);
        out.printf(Locale.ROOT, "training images/s at batch %d on %s with %s; %s%n", batchSize,
                Devices.describe(device), optimizer.displayName(), protocol.describe());
        out.printf(Locale.ROOT, "%s%n", harnessSide());
        StatefulOptimizer probe = optimizer.paper(PaperNetwork.RESNET34, batchSize)
                .create(batchSize);
        boolean refreshes = probe.refreshAll() != null;
        probe.close();
        out.printf(Locale.ROOT, "%-18s %12s %10s %10s %10s %10s %10s%s%n", "model", "parameters",
                "median ms", "min ms", "max ms", "img/s", "state MB",
                refreshes ? "  refresh s  refreshed" : "");
        for (ModelSpec spec : models) {
            try (Harness h = new Harness(new Case(spec, batchSize), device, optimizer)) {
                double[] r = rounds(h, protocol);
                double ms = median(r);
                rows.add(new ResultSet.Row(spec.label(), batchSize, optimizer.id(), r, null));
                out.printf(Locale.ROOT, "%-18s %12d %10.2f %10.2f %10.2f %10.1f %10.1f",
                        spec.label(), h.params, ms, min(r), max(r), batchSize / (ms / 1e3),
                        h.opt.state().bytes() / 1048576.0);
                if (refreshes) {
                    long t0 = System.nanoTime();
                    String what = h.opt.refreshAll();
                    out.printf(Locale.ROOT, " %10.2f  %s", (System.nanoTime() - t0) / 1e9, what);
                }
                out.printf("%n");
                out.flush();
            }
        }
        if (refreshes) {
            out.printf(Locale.ROOT, "ms/step excludes refreshes; refresh s is one refresh of "
                    + "every layer's factors, as a step due for it does%n");
        }
        return rows;
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
    static String harnessSide() {
        Engine.getEngine("PyTorch"); // loads libtorch, whose threads it reports
        String cap = OneDnnIsa.cap();
        return String.format(Locale.ROOT, "harness: DJL %s, libtorch %s, intra-op threads %d, "
                + "inter-op threads %d, oneDNN ISA cap %s", Versions.djl(), Versions.pytorch(),
                JniUtils.getNumThreads(), JniUtils.getNumInteropThreads(),
                cap == null ? "none (native)" : cap);
    }

    /** "median (min-max)" of round times. */
    static String spread(double[] r) {
        return String.format(Locale.ROOT, "%.2f (%.2f-%.2f)", median(r), min(r), max(r));
    }

    static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    /** libtorch's intra-op threads (bench's --threads, else one per core): both sides use it. */
    static int threads() {
        ai.djl.engine.Engine.getEngine("PyTorch");
        return JniUtils.getNumThreads();
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}

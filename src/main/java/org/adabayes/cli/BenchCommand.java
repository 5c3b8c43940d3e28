package org.adabayes.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.adabayes.config.ModelSpec;
import org.adabayes.config.OptimizerSpec;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;
import org.adabayes.model.Models;
import org.adabayes.optim.Optimizers;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.optim.Sgd;
import org.adabayes.train.Devices;
import org.adabayes.train.TrainStep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code adabayes bench}: prints measured numbers, never asserts them. Optimizer step time over
 * ResNet-34's real parameter shapes against DJL's built-in Adam; training images/s of each network
 * at batch 128 on the current device; augmented images/s of the data pipeline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: optimizers | models | data (prints numbers).")
public final class BenchCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WHAT", description = "optimizers, models or data")
    String what;

    @Option(names = "--steps", defaultValue = "20", description = "Timed steps (default "
            + "${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--optimizers", split = ",", description = "Subset of optimizers.")
    List<String> optimizers = new ArrayList<>(OptimizerSpec.NAMES);

    @Option(names = "--models", split = ",", description = "Models as name[@width], e.g. "
            + "resnet18@0.25 (default: the paper's two and the CPU siblings).")
    List<String> models = new ArrayList<>(List.of("resnet34", "densenet121", "resnet18",
            "resnet18@0.25", "resnet18@0.125"));

    @Option(names = "--batch-size", defaultValue = "128")
    int batchSize;

    @Option(names = "--device", defaultValue = "auto", description = "auto | cpu | gpu")
    String device;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        switch (what) {
            case "optimizers" -> optimizers(out);
            case "models" -> models(out);
            case "data" -> data(out);
            default -> throw new IllegalArgumentException(
                    "bench: WHAT must be optimizers, models or data, got '" + what + "'");
        }
        out.flush();
        return 0;
    }

    private void optimizers(PrintWriter out) throws IOException {
        Device dev = Devices.select(device);
        try (NDManager m = NDManager.newBaseManager(dev)) {
            List<Shape> shapes = new ArrayList<>();
            long total = 0;
            try (NDManager tmp = NDManager.newBaseManager(Device.cpu())) {
                Block b = Models.create(new ModelSpec("resnet34", null, null, null), 3, 10, tmp, 1);
                for (Pair<String, Parameter> p : b.getParameters()) {
                    if (p.getValue().requiresGradient()) {
                        shapes.add(p.getValue().getArray().getShape());
                        total += p.getValue().getArray().size();
                    }
                }
            }
            out.printf(Locale.ROOT, "optimizer step over ResNet-34's %d parameters in %d tensors, "
                    + "%s; %d timed rounds after 3 warm-up, optimizers interleaved within each "
                    + "round so machine drift hits all alike%n", total, shapes.size(),
                    Devices.describe(dev), steps);
            List<String> names = new ArrayList<>();
            names.add("djl-adam");
            names.addAll(optimizers);
            List<Optimizer> opts = new ArrayList<>();
            List<List<NDArray>> weights = new ArrayList<>();
            List<NDArray> grads = new ArrayList<>();
            for (Shape s : shapes) {
                grads.add(m.randomNormal(s).muli(0.01f));
            }
            for (String name : names) {
                if (name.equals("djl-adam")) {
                    opts.add(Optimizer.adam().optLearningRateTracker(Tracker.fixed(1e-3f)).build());
                } else {
                    OptimizerSpec spec = new OptimizerSpec(name, null, null, null, null, null,
                            null, null, null, null, null, null).resolve("resnet34", batchSize);
                    opts.add(Optimizers.create(spec, batchSize));
                }
                List<NDArray> w = new ArrayList<>();
                for (Shape s : shapes) {
                    NDArray a = m.randomNormal(s);
                    a.setRequiresGradient(true);
                    w.add(a);
                }
                weights.add(w);
            }
            double[][] ms = new double[names.size()][steps];
            int[] arraysBefore = new int[1];
            long rssBefore = 0;
            for (int round = -3; round < steps; round++) {
                if (round == 0) {
                    arraysBefore[0] = arrays(m);
                    rssBefore = rssKb();
                }
                for (int o = 0; o < names.size(); o++) {
                    List<NDArray> w = weights.get(o);
                    long t0 = System.nanoTime();
                    for (int k = 0; k < w.size(); k++) {
                        opts.get(o).update("p" + k, w.get(k), grads.get(k));
                    }
                    w.get(w.size() - 1).toFloatArray();
                    if (round >= 0) {
                        ms[o][round] = (System.nanoTime() - t0) / 1e6;
                    }
                }
            }
            int grown = arrays(m) - arraysBefore[0];
            long rss = rssKb() - rssBefore;
            out.printf(Locale.ROOT, "%-12s %10s %10s %8s%n", "optimizer", "median ms", "min ms",
                    "x Adam");
            double adam = median(ms[0]);
            for (int o = 0; o < names.size(); o++) {
                double med = median(ms[o]);
                out.printf(Locale.ROOT, "%-12s %10.1f %10.1f %8.2f%n", names.get(o), med,
                        Arrays.stream(ms[o]).min().orElse(0), med / adam);
            }
            out.printf(Locale.ROOT, "arrays left behind over %d rounds: %d; RSS change: %.1f MB%n",
                    steps, grown, rss / 1024.0);
            for (Optimizer o : opts) {
                if (o instanceof StatefulOptimizer so) {
                    so.close();
                }
            }
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static int arrays(NDManager m) {
        return m.getManagedArrays().size();
    }

    private static long rssKb() throws IOException {
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

    private void models(PrintWriter out) {
        Device dev = Devices.select(device);
        out.printf(Locale.ROOT, "training images/s at batch %d on %s (1 warm-up step, %d timed)%n",
                batchSize, Devices.describe(dev), steps);
        out.printf(Locale.ROOT, "%-18s %12s %10s %10s%n", "model", "parameters", "s/step", "img/s");
        for (String m : models) {
            String[] parts = m.split("@");
            ModelSpec spec = parts[0].startsWith("densenet")
                    ? new ModelSpec(parts[0], null, null, null)
                    : new ModelSpec(parts[0], parts.length > 1 ? Double.parseDouble(parts[1])
                            : null, null, null);
            try (NDManager manager = NDManager.newBaseManager(dev)) {
                Block block = Models.create(spec, 3, 10, manager, 1);
                StatefulOptimizer opt = Sgd.builder().build();
                TrainStep step = new TrainStep(manager, block, opt, new Shape(3, 32, 32));
                SplittableRandom rng = new SplittableRandom(1);
                float[] x = new float[batchSize * 3 * 32 * 32];
                for (int i = 0; i < x.length; i++) {
                    x[i] = (float) rng.nextGaussian();
                }
                int[] y = new int[batchSize];
                for (int i = 0; i < y.length; i++) {
                    y[i] = rng.nextInt(10);
                }
                step.train(x, y, batchSize);
                long t0 = System.nanoTime();
                for (int i = 0; i < steps; i++) {
                    step.train(x, y, batchSize);
                }
                double s = (System.nanoTime() - t0) / 1e9 / steps;
                out.printf(Locale.ROOT, "%-18s %12d %10.3f %10.1f%n", m,
                        Models.trainableParameters(block), s, batchSize / s);
                out.flush();
                opt.close();
            }
        }
    }

    private void data(PrintWriter out) {
        int n = 50_000;
        byte[] px = new byte[n * 3072];
        new SplittableRandom(1).nextBytes(px);
        ImageSet set = new ImageSet(px, new int[n], 3, 32, 32, 10);
        BatchAugmenter aug = new BatchAugmenter(set,
                Normalization.forDataset("cifar10", "demo"), 4);
        float[] buf = new float[batchSize * 3072];
        int[] labels = new int[batchSize];
        double best = 0;
        for (int epoch = 0; epoch < Math.max(2, Math.min(steps, 5)); epoch++) {
            int[] order = Seeds.permutation(n, 1, epoch);
            long t0 = System.nanoTime();
            for (int b = 0; b * batchSize < n; b++) {
                int k = Math.min(batchSize, n - b * batchSize);
                aug.fill(order, b * batchSize, k, Seeds.forBatch(1, epoch, b), buf, labels);
            }
            double ips = n / ((System.nanoTime() - t0) / 1e9);
            best = Math.max(best, ips);
            out.printf(Locale.ROOT, "epoch %d: %.0f augmented images/s (crop+flip+normalise, "
                    + "batch %d, one thread)%n", epoch, ips, batchSize);
        }
        out.printf(Locale.ROOT, "best: %.0f images/s%n", best);
    }
}

package org.adabayes.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.adabayes.config.ModelSpec;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.Sgd;
import org.adabayes.optim.StatefulOptimizer;

/**
 * Training images per second of each network on the current device: forward, backward and an SGD
 * step on a fixed random batch, after one warm-up step. It prints numbers and asserts none.
 */
public final class ModelBench {
    private ModelBench() {}

    public static void run(List<ModelSpec> models, int batchSize, int steps, Device device,
            PrintWriter out) {
        OneDnnIsa.apply(models, null);
        out.printf(Locale.ROOT, "training images/s at batch %d on %s (1 warm-up step, %d timed)%n",
                batchSize, Devices.describe(device), steps);
        out.printf(Locale.ROOT, "%-18s %12s %10s %10s%n", "model", "parameters", "s/step", "img/s");
        for (ModelSpec spec : models) {
            try (NDManager manager = NDManager.newBaseManager(device)) {
                TorchNet block = Models.create(spec, 3, 10, manager, 1);
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
                out.printf(Locale.ROOT, "%-18s %12d %10.3f %10.1f%n", spec.label(),
                        Models.trainableParameters(block), s, batchSize / s);
                out.flush();
                opt.close();
            }
        }
    }
}

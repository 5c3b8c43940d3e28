package org.adabayes.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.adabayes.train.TrainStep;

/**
 * A training step timed in parts, from the pieces the step itself runs: the forward pass (with
 * the loss, recording the graph), forward and backward, the optimizer step alone, and one read of
 * a device scalar back to the host. It lives with the benchmarks so that the training step has one
 * entry point for training and nothing that exists only to be timed.
 */
final class StepParts {
    private StepParts() {}

    /**
     * Each part timed over {@code steps} repetitions, in ms per step: {forward, forward and
     * backward, optimizer, read}. Gradients accumulate across the backward repetitions, as a real
     * step would zero and refill them.
     */
    static double[] time(TrainStep step, NDArray x, NDArray y, int steps) {
        double[] ms = new double[4];
        for (int part = 0; part < 3; part++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                try (NDScope scope = new NDScope()) {
                    if (part == 2) {
                        step.optimizerStep();
                        continue;
                    }
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray loss = TrainStep.crossEntropy(step.forward(x, true), y);
                        if (part == 1) {
                            gc.backward(loss);
                        }
                    }
                }
            }
            ms[part] = (System.nanoTime() - t0) / 1e6 / steps;
        }
        try (NDArray scalar = x.getManager().zeros(new Shape(), DataType.FLOAT64)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                try (NDScope scope = new NDScope()) {
                    scalar.add(1).getDouble();
                }
            }
            ms[3] = (System.nanoTime() - t0) / 1e6 / steps;
        }
        return ms;
    }
}

package org.adabayes.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.optim.StatefulOptimizer;

/**
 * One forward, backward and optimizer step on a batch, and evaluation on a batch. Everything a step
 * creates lives in an {@link NDScope} closed at its end, so memory does not grow with steps.
 * Parameters are passed to the optimizer by their path name, which is the same in every process,
 * so checkpointed optimizer state finds its parameter again on resume (DJL's parameter ids are
 * fresh UUIDs per process).
 */
public final class TrainStep {
    /** Mean loss and number of misclassified images of one batch. */
    public record Outcome(double loss, long wrong) {}

    private final NDManager manager;
    private final Block block;
    private final StatefulOptimizer optimizer;
    private final ParameterStore ps;
    private final Loss loss = Loss.softmaxCrossEntropyLoss();
    private final List<Pair<String, Parameter>> trainable = new ArrayList<>();
    private final Shape image;

    public TrainStep(NDManager manager, Block block, StatefulOptimizer optimizer, Shape image) {
        this.manager = manager;
        this.block = block;
        this.optimizer = optimizer;
        this.image = image;
        this.ps = new ParameterStore(manager, false);
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
            }
        }
    }

    /** Trains on {@code n} images; a non-finite loss is returned without updating the weights. */
    public Outcome train(float[] images, int[] labels, int n) {
        try (NDScope scope = new NDScope()) {
            NDArray x = input(images, n);
            NDArray y = manager.create(toLong(labels, n));
            NDArray logits;
            NDArray l;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                logits = block.forward(ps, new NDList(x), true).singletonOrThrow();
                l = loss.evaluate(new NDList(y), new NDList(logits));
                gc.backward(l);
            }
            double lv = l.getFloat();
            if (!Double.isFinite(lv)) {
                return new Outcome(lv, n);
            }
            for (Pair<String, Parameter> p : trainable) {
                NDArray w = p.getValue().getArray();
                optimizer.update(p.getKey(), w, w.getGradient());
            }
            return new Outcome(lv, errors(logits, labels, n));
        }
    }

    /** Evaluates (no gradients, BatchNorm in inference mode) on {@code n} images. */
    public Outcome evaluate(float[] images, int[] labels, int n) {
        try (NDScope scope = new NDScope()) {
            NDArray x = input(images, n);
            NDArray y = manager.create(toLong(labels, n));
            NDArray logits = block.forward(ps, new NDList(x), false).singletonOrThrow();
            double lv = loss.evaluate(new NDList(y), new NDList(logits)).getFloat();
            return new Outcome(lv, errors(logits, labels, n));
        }
    }

    private NDArray input(float[] images, int n) {
        return manager.create(FloatBuffer.wrap(images, 0, n * (int) image.size()),
                new Shape(n).addAll(image));
    }

    private static long errors(NDArray logits, int[] labels, int n) {
        long[] pred = logits.argMax(1).toLongArray();
        long wrong = 0;
        for (int i = 0; i < n; i++) {
            if (pred[i] != labels[i]) {
                wrong++;
            }
        }
        return wrong;
    }

    private static long[] toLong(int[] a, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = a[i];
        }
        return out;
    }
}

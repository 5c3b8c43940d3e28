package org.adabayes.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.adabayes.model.LayerCapture;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.LayerStatistics;
import org.adabayes.optim.StatefulOptimizer;

/**
 * One forward, backward and optimizer step on a batch, with no read back to the host: the summed
 * loss and the misclassified images accumulate on the device ({@link DeviceSums}) and are read
 * once an epoch, or every few steps for the divergence check, so a GPU never waits for the host
 * between steps. Everything a step creates lives in an {@link NDScope} closed at its end, so
 * memory does not grow with steps. Parameters are passed to the optimizer by their state_dict key,
 * which is the same in every process, so checkpointed optimizer state finds its parameter again
 * on resume.
 */
public final class TrainStep {
    private final NDManager manager;
    private final TorchNet net;
    private final StatefulOptimizer optimizer;
    private final ParameterStore ps;
    private final List<Map.Entry<String, Parameter>> trainable = new ArrayList<>();
    private final List<String> ids = new ArrayList<>();
    private final Shape image;
    private final DataType dtype;
    private final DeviceSums sums;

    public TrainStep(NDManager manager, TorchNet net, StatefulOptimizer optimizer, Shape image,
            DataType dtype) {
        this.manager = manager;
        this.net = net;
        this.optimizer = optimizer;
        this.image = image;
        this.dtype = dtype;
        this.ps = new ParameterStore(manager, false);
        for (Map.Entry<String, Parameter> p : net.stateDict().entrySet()) {
            if (p.getValue().requiresGradient()) {
                trainable.add(p);
                ids.add(p.getKey());
            }
        }
        net.setCapturing(optimizer instanceof LayerStatistics);
        sums = new DeviceSums(manager);
    }

    public TrainStep(NDManager manager, TorchNet net, StatefulOptimizer optimizer, Shape image) {
        this(manager, net, optimizer, image, DataType.FLOAT32);
    }

    /** The training loss and error summed since the last drain, on the device. */
    public DeviceSums sums() {
        return sums;
    }

    /** Trains on a batch the stream copied to the device: one step, nothing read back. */
    public void train(BatchStream.Batch b) {
        try (NDScope scope = new NDScope()) {
            step(b.x(), b.y());
        }
    }

    /**
     * Trains on a batch already on the device: the benchmarks read nothing back ({@code read}
     * false, NaN returned), the parity check reads each step's mean loss.
     */
    public double trainOn(NDArray x, NDArray y, boolean read) {
        try (NDScope scope = new NDScope()) {
            NDArray loss = step(x, y);
            return read ? loss.toType(DataType.FLOAT64, false).getDouble() : Double.NaN;
        }
    }

    private NDArray step(NDArray x, NDArray y) {
        NDArray logits;
        NDArray loss;
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            logits = forward(x, true);
            loss = crossEntropy(logits, y);
            gc.backward(loss);
        }
        observeLayers();
        optimizerStep();
        NDArray l = loss.stopGradient();
        sums.add(l, logits.stopGradient(), y);
        return l;
    }

    /** Hands each captured layer's statistics to an optimizer that asked for them. */
    private void observeLayers() {
        List<LayerCapture> captured = net.takeCaptured();
        if (optimizer instanceof LayerStatistics stats) {
            for (LayerCapture c : captured) {
                try (NDScope scope = new NDScope()) {
                    stats.observe(c.weightKey(), c.inputColumns(), c.outputGradientColumns(),
                            c.batch());
                }
            }
        }
    }

    /** The optimizer's step on the gradients the last backward pass left (and zeroes them). */
    public void optimizerStep() {
        List<NDArray> weights = new ArrayList<>(trainable.size());
        List<NDArray> grads = new ArrayList<>(trainable.size());
        for (Map.Entry<String, Parameter> p : trainable) {
            NDArray w = p.getValue().getArray();
            weights.add(w);
            grads.add(w.getGradient());
        }
        optimizer.updateAll(ids, weights, grads);
    }

    /** The network's output in inference mode, without gradients. */
    public NDArray logits(NDArray x) {
        return forward(x, false).stopGradient();
    }

    /** The network's output, in training mode (recording the graph) or inference mode. */
    public NDArray forward(NDArray x, boolean training) {
        return net.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** Mean cross-entropy of logits against integer labels, as torch's F.cross_entropy. */
    public static NDArray crossEntropy(NDArray logits, NDArray y) {
        return logits.logSoftmax(1).gather(y.reshape(-1, 1), 1).mean().neg();
    }

    /** The training sums since the last drain, read back (one synchronisation), and reset. */
    public DeviceSums.Sums drain() {
        return sums.drain();
    }

    /**
     * A host batch on the device in the run's precision, its own arrays (no scope holds them):
     * the stream's thread calls this while the training thread steps.
     */
    public BatchStream.Batch toDevice(int step, float[] images, int[] labels, int n) {
        NDArray x = manager.create(FloatBuffer.wrap(images, 0, n * (int) image.size()),
                new Shape(n).addAll(image));
        if (dtype != DataType.FLOAT32) {
            NDArray f = x;
            x = f.toType(dtype, false);
            f.close();
        }
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = labels[i];
        }
        return new BatchStream.Batch(step, n, x, manager.create(y));
    }

    /** A host batch as the network's input (in the current scope). */
    public NDArray input(float[] images, int n) {
        NDArray x = manager.create(FloatBuffer.wrap(images, 0, n * (int) image.size()),
                new Shape(n).addAll(image));
        return dtype == DataType.FLOAT32 ? x : x.toType(dtype, false);
    }

    public NDArray labels(int[] labels, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = labels[i];
        }
        return manager.create(out);
    }
}

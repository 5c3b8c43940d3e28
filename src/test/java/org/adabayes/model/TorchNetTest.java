package org.adabayes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm behaves as PyTorch's BatchNorm2d(momentum 0.1, eps 1e-5), checked in float64; the
 * layer captures AdaBayes-KF reads are the right rows in the weight's order.
 */
class TorchNetTest {
    /** One BatchNorm layer and nothing else. */
    static final class OneBatchNorm extends TorchNet {
        OneBatchNorm() {
            super(2);
            declareBatchNorm("bn", 2);
        }

        @Override
        protected NDArray forward(NDArray x, boolean training) {
            return batchNorm("bn", x, training);
        }
    }

    @Test
    void batchNormRunningStatisticsFollowPyTorchsMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            OneBatchNorm bn = new OneBatchNorm();
            bn.initialize(m, DataType.FLOAT64, new Shape(4, 2, 3, 3));
            assertEquals(List.of("bn.weight", "bn.bias", "bn.running_mean", "bn.running_var"),
                    List.copyOf(bn.stateDict().keySet()));
            double[] x = new double[4 * 2 * 9];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextGaussian() * (i % 18 < 9 ? 2 : 0.5) + (i % 18 < 9 ? 3 : -1);
            }
            NDArray in = m.create(x, new Shape(4, 2, 3, 3));
            bn.forward(new ParameterStore(m, false), new NDList(in), true);
            double[] mean = new double[2];
            double[] sq = new double[2];
            for (int i = 0; i < x.length; i++) {
                mean[(i / 9) % 2] += x[i] / 36.0;
            }
            for (int i = 0; i < x.length; i++) {
                int c = (i / 9) % 2;
                sq[c] += (x[i] - mean[c]) * (x[i] - mean[c]);
            }
            double[] runMean = bn.stateDict().get("bn.running_mean").getArray().toDoubleArray();
            double[] runVar = bn.stateDict().get("bn.running_var").getArray().toDoubleArray();
            for (int c = 0; c < 2; c++) {
                // running = 0.9 running + 0.1 batch, with the unbiased batch variance, exactly
                assertEquals(0.1 * mean[c], runMean[c], 1e-15, "running mean " + c);
                assertEquals(0.9 + 0.1 * sq[c] / 35, runVar[c], 1e-14, "running var " + c);
            }
        }
    }

    /**
     * For every convolution (3x3 padded, strided, 1x1 shortcut) and the linear layer of both
     * networks, the captured output-gradient columns times the captured input columns, D X^T, is
     * the weight's own gradient: the im2col order matches the weight's (C, kh, kw) and the
     * probe's gradient is the output gradient.
     */
    @Test
    void capturedRowsReproduceEveryWeightGradient() {
        List<TorchNet> nets = List.of(new CifarResNet(18, 0.0625, 3, 10),
                new CifarDenseNet(4, List.of(1, 1, 1, 1), 3, 10));
        for (TorchNet net : nets) {
            try (NDManager m = NDManager.newBaseManager()) {
                net.initialize(m, DataType.FLOAT64, new Shape(3, 3, 32, 32));
                net.setCapturing(true);
                SplittableRandom r = new SplittableRandom(2);
                double[] x = new double[3 * 3 * 32 * 32];
                for (int i = 0; i < x.length; i++) {
                    x[i] = r.nextGaussian();
                }
                NDArray logits;
                try (ai.djl.training.GradientCollector gc =
                        ai.djl.engine.Engine.getInstance().newGradientCollector()) {
                    logits = net.forward(new ParameterStore(m, false),
                            new NDList(m.create(x, new Shape(3, 3, 32, 32))), true)
                            .singletonOrThrow();
                    gc.backward(logits.logSoftmax(1).get(":, 0").mean().neg());
                }
                List<LayerCapture> caps = net.takeCaptured();
                long weights = net.stateDict().keySet().stream()
                        .filter(k -> k.endsWith(".weight")
                                && net.stateDict().get(k).getArray().getShape().dimension() != 1)
                        .count();
                assertEquals(weights, caps.size(), "one capture per conv/linear weight");
                for (LayerCapture c : caps) {
                    NDArray grad = net.stateDict().get(c.weightKey()).getArray().getGradient();
                    NDArray rebuilt = c.outputGradientColumns()
                            .matMul(c.inputColumns().transpose()).reshape(grad.getShape());
                    double scale = grad.abs().max().getDouble();
                    double err = rebuilt.sub(grad).abs().max().getDouble();
                    org.junit.jupiter.api.Assertions.assertTrue(scale > 0, c.weightKey());
                    org.junit.jupiter.api.Assertions.assertTrue(err <= 1e-10 * scale,
                            c.weightKey() + ": D X^T differs from the gradient by " + err
                                    + " (scale " + scale + ")");
                }
                assertEquals(List.of(), net.takeCaptured(), "captures are taken once");
            }
        }
    }
}

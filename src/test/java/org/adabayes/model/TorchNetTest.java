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

/** BatchNorm behaves as PyTorch's BatchNorm2d(momentum 0.1, eps 1e-5), checked in float64. */
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
}

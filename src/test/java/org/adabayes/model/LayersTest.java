package org.adabayes.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

/** BatchNorm behaves as PyTorch's BatchNorm2d(momentum 0.1, eps 1e-5). */
class LayersTest {
    @Test
    void batchNormRunningStatisticsFollowPyTorchsMomentum() {
        try (NDManager m = NDManager.newBaseManager()) {
            Block bn = Layers.batchNorm();
            bn.initialize(m, DataType.FLOAT32, new Shape(4, 2, 3, 3));
            float[] x = new float[4 * 2 * 9];
            java.util.SplittableRandom r = new java.util.SplittableRandom(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * (i % 18 < 9 ? 2 : 0.5) + (i % 18 < 9 ? 3 : -1));
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
            float[] runMean = null;
            float[] runVar = null;
            for (Pair<String, Parameter> p : bn.getParameters()) {
                if (p.getValue().getType() == Parameter.Type.RUNNING_MEAN) {
                    runMean = p.getValue().getArray().toFloatArray();
                } else if (p.getValue().getType() == Parameter.Type.RUNNING_VAR) {
                    runVar = p.getValue().getArray().toFloatArray();
                }
            }
            for (int c = 0; c < 2; c++) {
                // running = 0.9 running + 0.1 batch, with the unbiased batch variance
                assertEquals(0.1 * mean[c], runMean[c], 1e-4, "running mean " + c);
                assertEquals(0.9 + 0.1 * sq[c] / 35, runVar[c], 1e-4, "running var " + c);
            }
        }
    }
}

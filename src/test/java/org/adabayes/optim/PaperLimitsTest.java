package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The limits the paper derives (section 3, eqs. 21-27), checked on the DJL optimizers. */
class PaperLimitsTest {
    static final float ETA = 1e-3f;
    static final int B = 128;
    static final float SIGMA2 = 0.1f / B;

    /**
     * Eq. (27): with sigma^2 -> infinity AdaBayes-FP is AdamW, step for step. The decoupled decay
     * is off in both, because AdaBayes-FP (as the author's code) decays after the step and AdamW
     * (as torch.optim) before it, a difference of lambda times the step.
     */
    @Test
    void fixedPointWithInfiniteSigmaIsAdamW() {
        StatefulOptimizer fp = AdaBayesFp.builder().optLearningRate(ETA).optSigma2(1e30f)
                .optEpsilon(0f).optWeightDecay(0f).setBatchSize(B).build();
        StatefulOptimizer adamw = Adam.adamw().optLearningRate(ETA)
                .optEpsilon(0f).optWeightDecay(0f).build();
        SplittableRandom rng = new SplittableRandom(3);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomUniform(-1, 1, new ai.djl.ndarray.types.Shape(64));
            NDArray b = a.duplicate();
            for (int t = 0; t < 20; t++) {
                float[] g = new float[64];
                for (int i = 0; i < g.length; i++) {
                    g[i] = (float) (rng.nextGaussian() * 0.1);
                }
                fp.update("w", a, m.create(g));
                adamw.update("w", b, m.create(g));
                float[] x = a.toFloatArray();
                float[] y = b.toFloatArray();
                for (int i = 0; i < x.length; i++) {
                    assertEquals(y[i], x[i], 1e-6 * Math.max(1, Math.abs(y[i])), "step " + t);
                }
            }
        }
    }

    /** g^2 -> 0: the learning rate is sigma^2, i.e. SGD with eta_SGD on the mean loss. */
    @ParameterizedTest
    @ValueSource(strings = {"adabayes", "adabayes-fp"})
    void tinyGradientsGiveTheSgdRate(String name) {
        float[] rates = lastRates(name, 1e-7, 200);
        for (float r : rates) {
            assertEquals(SIGMA2, r, SIGMA2 * 1e-3);
        }
    }

    /** Large &lt;g^2&gt;: the learning rate is eta / sqrt(&lt;g^2&gt;), Adam's. */
    @Test
    void largeGradientsGiveTheAdamRate() {
        double meanGrad = 2.0; // B * 2 = 256 in the summed-loss units the filter sees
        float[] rates = lastRates("adabayes-fp", meanGrad, 3000);
        double adam = ETA / (B * meanGrad);
        for (float r : rates) {
            assertEquals(adam, r, adam * 0.01);
        }
    }

    /**
     * Fig. 3 / eq. (21): under a stationary gradient distribution, AdaBayes' filtered learning rate
     * settles at the fixed point that AdaBayes-FP uses, at three noise levels spanning the SGD
     * regime, the transition and the Adam regime.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.3, 1.28, 5.0})
    void adaBayesConvergesToTheFixedPoint(double summedStd) {
        int n = 256;
        AdaBayes opt = AdaBayes.builder().optLearningRate(ETA).optWeightDecay(0f)
                .setBatchSize(B).build();
        List<Float> rows = new ArrayList<>();
        opt.setTrace(new LrTrace(1, Map.of("w", LongStream.range(0, n).toArray()),
                (step, p, i, s2Post, adam) -> rows.add(s2Post)));
        SplittableRandom rng = new SplittableRandom(11);
        double sum = 0;
        int count = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.zeros(new ai.djl.ndarray.types.Shape(n));
            float[] g = new float[n];
            for (int t = 1; t <= 6000; t++) {
                for (int i = 0; i < n; i++) {
                    g[i] = (float) (rng.nextGaussian() * summedStd / B);
                }
                try (NDArray grad = m.create(g)) {
                    opt.update("w", w, grad);
                }
                if (t > 4000) {
                    for (float s2Post : rows) {
                        sum += s2Post;
                        count++;
                    }
                }
                rows.clear();
            }
        }
        double fixed = AdaBayesFp.fixedPoint(summedStd * summedStd, ETA, SIGMA2);
        double mean = sum / count;
        assertEquals(fixed, mean, 0.02 * fixed, "mean s2_post vs eq. (21)");
        opt.close();
    }

    private static float[] lastRates(String name, double meanGrad, int steps) {
        StatefulOptimizer opt = name.equals("adabayes")
                ? AdaBayes.builder().optLearningRate(ETA).setBatchSize(B).build()
                : AdaBayesFp.builder().optLearningRate(ETA).setBatchSize(B).build();
        int n = 8;
        float[] last = new float[n];
        opt.setTrace(new LrTrace(1, Map.of("w", LongStream.range(0, n).toArray()),
                (step, p, i, s2Post, adam) -> last[(int) i] = s2Post));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.zeros(new ai.djl.ndarray.types.Shape(n));
            for (int t = 0; t < steps; t++) {
                try (NDArray g = m.full(new ai.djl.ndarray.types.Shape(n), (float) meanGrad)) {
                    opt.update("w", w, g);
                }
            }
        }
        opt.close();
        assertTrue(last[0] > 0);
        return last;
    }
}

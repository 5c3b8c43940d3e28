package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link OptimizerKind#twinKey}: equal keys must mean twins that step bit for bit alike (the NQM
 * skips a simulation on it), and the key must tell apart settings that step differently.
 */
class TwinKeyTest {
    static final int B = 65536;

    static OptimizerSpec adabayes(double eta, double sigma2) {
        return OptimizerSpec.of(OptimizerKind.ADABAYES).with(HyperParameter.LR, eta)
                .with(HyperParameter.SIGMA2, sigma2).with(HyperParameter.WEIGHT_DECAY, 0.0)
                .resolve(PaperNetwork.RESNET34, B);
    }

    @Test
    void adaBayesLearningRatesPastTheDriftShareAKeyAndStepAlike() {
        double sigma2 = 2.0 / B;
        OptimizerSpec a = adabayes(0.1, sigma2);
        OptimizerSpec b = adabayes(1.0, sigma2);
        Object key = OptimizerKind.ADABAYES.twinKey(a, B, 1.0);
        assertEquals(key, OptimizerKind.ADABAYES.twinKey(b, B, 1.0));
        double[][] wa = run(a);
        double[][] wb = run(b);
        for (int t = 0; t < wa.length; t++) {
            assertArrayEquals(wa[t], wb[t], 0.0, "step " + (t + 1));
        }
        // eta small enough for the drift to matter: another key, and another trajectory
        OptimizerSpec c = adabayes(1e-3, sigma2);
        assertNotEquals(key, OptimizerKind.ADABAYES.twinKey(c, B, 1.0));
        double[][] wc = run(c);
        assertTrue(wc[wc.length - 1][0] != wa[wa.length - 1][0]);
        // the printed prior keeps eta in its drift: no sharing
        OptimizerSpec pa = a.with(HyperParameter.EXACT_PRIOR, false);
        OptimizerSpec pb = b.with(HyperParameter.EXACT_PRIOR, false);
        assertNotEquals(OptimizerKind.ADABAYES.twinKey(pa, B, 1.0),
                OptimizerKind.ADABAYES.twinKey(pb, B, 1.0));
    }

    @Test
    void otherRulesKeyOnTheWholeSpec() {
        for (OptimizerKind k : OptimizerKind.values()) {
            OptimizerSpec s = OptimizerSpec.of(k).resolve(PaperNetwork.RESNET34, 128);
            OptimizerSpec t = s.with(HyperParameter.LR, s.number(HyperParameter.LR) * 2);
            assertEquals(k.twinKey(s, 128, 1.0), k.twinKey(s, 128, 1.0));
            assertNotEquals(k.twinKey(s, 128, 1.0), k.twinKey(t, 128, 1.0), k.id());
            assertNotEquals(k.twinKey(s, 128, 1.0), k.twinKey(s, 64, 1.0), k.id());
        }
    }

    private static double[][] run(OptimizerSpec spec) {
        int n = 16;
        ScalarRule rule = OptimizerKind.ADABAYES.twin(spec, B, n);
        SplittableRandom rng = new SplittableRandom(3);
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = rng.nextGaussian();
        }
        double[][] out = new double[300][];
        for (int t = 1; t <= out.length; t++) {
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = w[i] * (i + 1) * 0.1 + rng.nextGaussian() * 1e-3;
            }
            rule.step(w, g, t, 1.0);
            out[t - 1] = w.clone();
        }
        return out;
    }
}

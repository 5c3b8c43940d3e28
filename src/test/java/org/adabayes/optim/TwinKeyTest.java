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

    static OptimizerOptions adabayes(double eta, double sigma2) {
        return OptimizerKind.ADABAYES.defaults().with("lr", eta)
                .with("sigma2", sigma2).with("weightDecay", 0.0)
                .resolve(PaperNetwork.RESNET34, B);
    }

    @Test
    void adaBayesLearningRatesPastTheDriftShareAKeyAndStepAlike() {
        double sigma2 = 2.0 / B;
        OptimizerOptions a = adabayes(0.1, sigma2);
        OptimizerOptions b = adabayes(1.0, sigma2);
        Object key = a.twinKey(B, 1.0);
        assertEquals(key, b.twinKey(B, 1.0));
        double[][] wa = run(a);
        double[][] wb = run(b);
        for (int t = 0; t < wa.length; t++) {
            assertArrayEquals(wa[t], wb[t], 0.0, "step " + (t + 1));
        }
        // eta small enough for the drift to matter: another key, and another trajectory
        OptimizerOptions c = adabayes(1e-3, sigma2);
        assertNotEquals(key, c.twinKey(B, 1.0));
        double[][] wc = run(c);
        assertTrue(wc[wc.length - 1][0] != wa[wa.length - 1][0]);
        // the printed prior keeps eta in its drift: no sharing
        OptimizerOptions pa = a.with("exactPrior", false);
        OptimizerOptions pb = b.with("exactPrior", false);
        assertNotEquals(pa.twinKey(B, 1.0),
                pb.twinKey(B, 1.0));
    }

    @Test
    void otherRulesKeyOnTheWholeSpec() {
        for (OptimizerKind k : OptimizerKind.values()) {
            OptimizerOptions s = k.defaults().resolve(PaperNetwork.RESNET34, 128);
            OptimizerOptions t = s.with("lr", s.lr() * 2);
            assertEquals(s.twinKey(128, 1.0), s.twinKey(128, 1.0));
            assertNotEquals(s.twinKey(128, 1.0), t.twinKey(128, 1.0), k.id());
            assertNotEquals(s.twinKey(128, 1.0), s.twinKey(64, 1.0), k.id());
        }
    }

    private static double[][] run(OptimizerOptions spec) {
        int n = 16;
        ScalarRule rule = spec.twin(B, n);
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

package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.config.Method;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, driven through a real backward pass so the weight's own gradient is what it
 * reads, against the double-precision twin for 8 steps with a schedule drop after step 5. If the
 * gradient were not zeroed, the second step's gradient would be the sum of two and the trajectory
 * would part from the reference at step 2.
 */
class OptimizerReferenceTest {
    static final int N = 9;
    static final int STEPS = 8;

    static Stream<Arguments> kindsAndPaths() {
        return Arrays.stream(OptimizerKind.values())
                .flatMap(k -> Arrays.stream(StepPath.values()).map(p -> Arguments.of(k, p)));
    }

    /**
     * Every form of every rule: the fused CPU kernel, the multi-tensor step a GPU runs and the
     * per-tensor NDArray operations.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kindsAndPaths")
    void matchesDoublePrecisionReference(OptimizerKind name, StepPath path) {
        check(Fixtures.spec(name, 16), path);
    }

    static Stream<Arguments> variantsAndPaths() {
        return Fixtures.variants(16).stream()
                .flatMap(s -> Arrays.stream(StepPath.values())
                        .map(p -> Arguments.of(Method.of(s), s, p)));
    }

    /** The 2018 paper's NAWD and centred variants, each against its twin, every form. */
    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("variantsAndPaths")
    void variantsMatchDoublePrecisionReference(Method method, OptimizerOptions spec,
            StepPath path) {
        check(spec, path);
        // and a variant is a different rule: the paper's rule parts from its twin
        OptimizerOptions paper = Fixtures.spec(spec.kind(), 16);
        double[] w = {0.3, -0.2, 0.1};
        double[] v = w.clone();
        ScalarRule a = spec.twin(16, 3);
        ScalarRule b = paper.twin(16, 3);
        for (int t = 1; t <= 3; t++) {
            double[] g = {0.05 * t, -0.02, 0.3 / t};
            a.step(w, g, t, 1);
            b.step(v, g, t, 1);
        }
        assertTrue(Math.abs(w[0] - v[0]) + Math.abs(w[2] - v[2]) > 1e-9,
                method + " moves the weights exactly as the paper's rule does");
    }

    static void check(OptimizerOptions spec, StepPath path) {
        OptimizerKind name = spec.kind();
        SplittableRandom rng = new SplittableRandom(42);
        double[] w0 = new double[N];
        for (int i = 0; i < N; i++) {
            w0[i] = rng.nextDouble(-1, 1);
        }
        double[][] grads = new double[STEPS][N];
        for (int t = 0; t < STEPS; t++) {
            for (int i = 0; i < N; i++) {
                // mixed scales: some elements in AdaBayes' SGD regime, some in its Adam regime
                grads[t][i] = rng.nextGaussian() * (i % 3 == 0 ? 1e-3 : i % 3 == 1 ? 0.05 : 1.0);
            }
        }
        double[] ref = w0.clone();
        ScalarRule rule = spec.twin(16, N);
        StatefulOptimizer opt = path.on(spec.create(16));
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice())) {
            NDArray w = m.create(toFloat(w0));
            w.setRequiresGradient(true);
            for (int t = 1; t <= STEPS; t++) {
                double f = t > 5 ? 0.1 : 1.0;
                opt.setScheduleFactor(f);
                rule.step(ref, grads[t - 1], t, f);
                NDArray c = m.create(toFloat(grads[t - 1]));
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(w.mul(c).sum());
                }
                opt.update("w", w, w.getGradient());
                float[] got = w.toFloatArray();
                for (int i = 0; i < N; i++) {
                    double tol = 1e-5 * Math.max(1.0, Math.abs(ref[i]));
                    assertEquals(ref[i], got[i], tol, name + " step " + t + " element " + i);
                }
                float[] g = w.getGradient().toFloatArray();
                for (float x : g) {
                    assertEquals(0f, x, 0f, name + ": gradient not zeroed after step " + t);
                }
            }
            // the trajectory moved: a no-op optimizer would pass the comparison above only if
            // the reference did not move either
            double moved = 0;
            for (int i = 0; i < N; i++) {
                moved += Math.abs(ref[i] - w0[i]);
            }
            assertTrue(moved > 1e-4, name + " did not move the weights");
            opt.close();
        }
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }
}

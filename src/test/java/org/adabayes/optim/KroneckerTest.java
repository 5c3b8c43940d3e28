package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.adabayes.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * AdaBayes-KF on one layer: the DJL optimizer against its double-precision twin, its two limits
 * (identity factors give AdaBayes-FP; the preconditioner whitens a least-squares gradient), and
 * an exact resume of its Kronecker state.
 */
class KroneckerTest {
    static final int B = 4;
    static final int OUT = 3;
    static final int IN = 6;
    static final int ROWS = 10;

    static AdaBayesKf.Options spec(int refreshEvery) {
        return (AdaBayesKf.Options) Fixtures.spec(OptimizerKind.ADABAYES_KF, B)
                .with("refreshEvery", refreshEvery);
    }

    static double[][] gaussian(SplittableRandom rng, int r, int c, double scale) {
        double[][] x = new double[r][c];
        for (double[] row : x) {
            for (int j = 0; j < c; j++) {
                row[j] = scale * rng.nextGaussian();
            }
        }
        return x;
    }

    static double[] flat(double[][] x) {
        return java.util.Arrays.stream(x).flatMapToDouble(java.util.Arrays::stream).toArray();
    }

    /**
     * Random statistics and gradients for 8 steps, refresh every 3, a schedule drop at 6. The
     * DJL optimizer decomposes with libtorch's eigensolver (the jar's TorchScript module, which
     * must load), the twin with EJML's: the rule does not depend on the eigenvectors' signs or
     * order. Both forms a factored layer can take: inside the multi-tensor call and per tensor.
     */
    @ParameterizedTest
    @EnumSource(value = StepPath.class, names = {"MULTI_TENSOR", "PER_TENSOR"})
    void djlStepMatchesTheTwin(StepPath path) {
        assertTrue(TorchEigh.available(ai.djl.Device.cpu()),
                "eigh.pt does not load in this libtorch");
        AdaBayesKf.Options spec = spec(3);
        SplittableRandom rng = new SplittableRandom(7);
        AdaBayesKf.Twin twin = new AdaBayesKf.Twin(spec, B, OUT, IN);
        AdaBayesKf opt = path.on((AdaBayesKf) spec.create(B));
        double[] ref = flat(gaussian(rng, OUT, IN, 0.5));
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice())) {
            NDArray w = m.create(ref.clone(), new Shape(OUT, IN));
            for (int t = 1; t <= 8; t++) {
                double f = t >= 6 ? 0.1 : 1;
                double[][] x = gaussian(rng, ROWS, IN, 1);
                double[][] d = gaussian(rng, ROWS, OUT, 0.01 * t);
                double[] g = flat(gaussian(rng, OUT, IN, 0.02));
                twin.observe(x, d, B);
                twin.step(ref, g, t, f);
                opt.setScheduleFactor(f);
                opt.observe("w", m.create(flat(x), new Shape(ROWS, IN)).transpose(),
                        m.create(flat(d), new Shape(ROWS, OUT)).transpose(), B);
                opt.update("w", w, m.create(g, new Shape(OUT, IN)));
                double[] got = w.toDoubleArray();
                for (int i = 0; i < got.length; i++) {
                    assertEquals(ref[i], got[i], 1e-12 * Math.max(1, Math.abs(ref[i])),
                            "step " + t + " element " + i);
                }
            }
            opt.close();
        }
    }

    /**
     * Factored layers of three shapes, with statistics, stepped at once: one call into libtorch
     * when no refresh is due (the per-tensor form makes about fifteen per layer).
     */
    @Test
    void factoredLayersStepInOneCall() throws java.io.IOException {
        AdaBayesKf opt = (AdaBayesKf) spec(1000).create(B);
        SplittableRandom rng = new SplittableRandom(11);
        int[][] shapes = {{3, 6}, {4, 5}, {2, 6}};
        java.util.List<String> ids = new java.util.ArrayList<>();
        java.util.List<NDArray> w = new java.util.ArrayList<>();
        java.util.List<NDArray> g = new java.util.ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            for (int k = 0; k < shapes.length; k++) {
                int out = shapes[k][0];
                int in = shapes[k][1];
                ids.add("layer" + k);
                w.add(m.create(flat(gaussian(rng, out, in, 0.5)), new Shape(out, in)));
                g.add(m.create(flat(gaussian(rng, out, in, 0.02)), new Shape(out, in)));
                opt.observe("layer" + k, m.create(flat(gaussian(rng, ROWS, in, 1)),
                        new Shape(ROWS, in)).transpose(), m.create(flat(gaussian(rng, ROWS, out,
                        0.01)), new Shape(ROWS, out)).transpose(), B);
            }
            opt.updateAll(ids, w, g); // the first step refreshes every layer's factors
            int calls = org.adabayes.bench.NativeCalls.count(() -> opt.updateAll(ids, w, g));
            assertEquals(1, calls);
            opt.close();
        }
    }

    /**
     * With A = I and S = B c^2 I, B a_i s_j = (B c)^2 = G^2 for a gradient of magnitude c: the
     * rate is AdaBayes-FP's for every element, and so is the trajectory.
     */
    @Test
    void identityFactorsGiveAdaBayesFp() {
        // no refresh from (empty) statistics: the set factors
        AdaBayesKf.Options spec = spec(1000);
        SplittableRandom rng = new SplittableRandom(3);
        double c = 0.02;
        double[] kf = flat(gaussian(rng, OUT, IN, 0.5));
        double[] fp = kf.clone();
        ScalarRule rule = Fixtures.spec(OptimizerKind.ADABAYES_FP, B).twin(B, OUT * IN);
        AdaBayesKf.Twin twin = new AdaBayesKf.Twin(spec, B, OUT, IN);
        double[] eyeA = new double[IN * IN];
        double[] eyeS = new double[OUT * OUT];
        for (int i = 0; i < IN; i++) {
            eyeA[i * IN + i] = 1;
        }
        for (int j = 0; j < OUT; j++) {
            eyeS[j * OUT + j] = B * c * c;
        }
        for (int t = 1; t <= 6; t++) {
            double[] g = new double[OUT * IN];
            for (int i = 0; i < g.length; i++) {
                g[i] = rng.nextBoolean() ? c : -c;
            }
            twin.setFactors(eyeA, eyeS);
            twin.step(kf, g, t, 1);
            rule.step(fp, g, t, 1);
        }
        assertArrayEquals(fp, kf, 1e-14);
        // the factors matter: with S = I the same gradient gets a different step
        double[] gbar = new double[OUT * IN];
        java.util.Arrays.fill(gbar, B * c);
        twin.setFactors(eyeA, eyeS);
        double[] matched = twin.precondition(gbar, 1e-3, spec.sigma2());
        twin.setFactors(eyeA, identity(OUT));
        double[] other = twin.precondition(gbar, 1e-3, spec.sigma2());
        assertTrue(Math.abs(other[0] - matched[0]) > 0.1 * Math.abs(matched[0]),
                matched[0] + " vs " + other[0]);
    }

    static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }

    /**
     * Linear least squares at its optimum with correlated inputs and correlated noise: the
     * minibatch gradient's covariance is far from isotropic, the preconditioned gradient's tends
     * to the identity (sigma2 infinite, eta 1, the factors estimated online).
     */
    @Test
    void preconditionedLeastSquaresGradientIsWhitened() {
        int n = 32;
        AdaBayesKf.Options spec = (AdaBayesKf.Options) Fixtures.spec(OptimizerKind.ADABAYES_KF,
                n).with("eps", 0.0).with("beta2", 0.999);
        AdaBayesKf.Twin twin = new AdaBayesKf.Twin(spec, n, OUT, IN);
        SplittableRandom rng = new SplittableRandom(11);
        double[][] mixIn = mixing(IN, 0.9);
        double[][] mixOut = mixing(OUT, 0.7);
        int batches = 6000;
        double[][] grads = new double[batches][];
        for (int k = 0; k < batches; k++) {
            double[][] x = times(gaussian(rng, n, IN, 1), mixIn);
            double[][] noise = times(gaussian(rng, n, OUT, 0.3), mixOut);
            double[][] d = new double[n][OUT];   // mean-loss output gradient (W x - y) / n
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < OUT; j++) {
                    d[r][j] = -noise[r][j] / n;
                }
            }
            twin.observe(x, d, n);
            double[] g = new double[OUT * IN];   // summed-loss gradient B * D^T X
            for (int r = 0; r < n; r++) {
                for (int j = 0; j < OUT; j++) {
                    for (int i = 0; i < IN; i++) {
                        g[j * IN + i] += n * d[r][j] * x[r][i];
                    }
                }
            }
            grads[k] = g;
        }
        twin.refresh(batches);
        double[][] white = new double[batches][];
        for (int k = 0; k < batches; k++) {
            white[k] = twin.precondition(grads[k], 1, Double.POSITIVE_INFINITY);
        }
        double[][] raw = covariance(grads);
        double[][] pre = covariance(white);
        double rawRatio = maxDiag(raw) / minDiag(raw);
        assertTrue(rawRatio > 10, "raw gradient should be anisotropic, diag ratio " + rawRatio);
        double worst = 0;
        for (int i = 0; i < pre.length; i++) {
            for (int j = 0; j < pre.length; j++) {
                worst = Math.max(worst, Math.abs(pre[i][j] - (i == j ? 1 : 0)));
            }
        }
        assertTrue(worst < 0.12, "preconditioned covariance should be ~I, worst entry off by "
                + worst);
    }

    static double[][] mixing(int k, double rho) {
        double[][] l = new double[k][k];   // AR(1)-like: strongly correlated neighbours
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                l[i][j] = Math.pow(rho, i - j) * (1 + i);
            }
        }
        return l;
    }

    static double[][] times(double[][] z, double[][] l) {
        int k = l.length;
        double[][] out = new double[z.length][k];
        for (int r = 0; r < z.length; r++) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    out[r][i] += l[i][j] * z[r][j];
                }
            }
        }
        return out;
    }

    static double[][] covariance(double[][] v) {
        int k = v[0].length;
        double[][] c = new double[k][k];
        for (double[] x : v) {
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    c[i][j] += x[i] * x[j] / v.length;
                }
            }
        }
        return c;
    }

    static double maxDiag(double[][] c) {
        double m = 0;
        for (int i = 0; i < c.length; i++) {
            m = Math.max(m, c[i][i]);
        }
        return m;
    }

    static double minDiag(double[][] c) {
        double m = Double.MAX_VALUE;
        for (int i = 0; i < c.length; i++) {
            m = Math.min(m, c[i][i]);
        }
        return m;
    }

    /** Saving after step 4 and resuming in a fresh optimizer continues bit for bit. */
    @Test
    void checkpointResumesExactly() throws IOException {
        AdaBayesKf.Options spec = spec(3);
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice())) {
            double[][][] xs = new double[8][][];
            double[][][] ds = new double[8][][];
            double[][] gs = new double[8][];
            SplittableRandom rng = new SplittableRandom(5);
            for (int t = 0; t < 8; t++) {
                xs[t] = gaussian(rng, ROWS, IN, 1);
                ds[t] = gaussian(rng, ROWS, OUT, 0.05);
                gs[t] = flat(gaussian(rng, OUT, IN, 0.02));
            }
            double[] w0 = flat(gaussian(rng, OUT, IN, 0.5));
            AdaBayesKf straight = (AdaBayesKf) spec.create(B);
            NDArray a = m.create(toFloat(w0), new Shape(OUT, IN));
            run(straight, m, a, xs, ds, gs, 0, 8);
            AdaBayesKf first = (AdaBayesKf) spec.create(B);
            NDArray b = m.create(toFloat(w0), new Shape(OUT, IN));
            run(first, m, b, xs, ds, gs, 0, 4);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            first.state().save(new DataOutputStream(bytes));
            first.close();
            AdaBayesKf resumed = (AdaBayesKf) spec.create(B);
            resumed.state().load(new DataInputStream(
                    new ByteArrayInputStream(bytes.toByteArray())), m);
            run(resumed, m, b, xs, ds, gs, 4, 8);
            assertArrayEquals(a.toFloatArray(), b.toFloatArray(), 0f);
            assertTrue(resumed.state().arrayCount() >= 8, "Kronecker state was checkpointed");
            straight.close();
            resumed.close();
        }
    }

    private static void run(AdaBayesKf opt, NDManager m, NDArray w, double[][][] xs,
            double[][][] ds, double[][] gs, int from, int to) {
        for (int t = from; t < to; t++) {
            opt.observe("w", m.create(toFloat(flat(xs[t])), new Shape(ROWS, IN)).transpose(),
                    m.create(toFloat(flat(ds[t])), new Shape(ROWS, OUT)).transpose(), B);
            opt.update("w", w, m.create(toFloat(gs[t]), new Shape(OUT, IN)));
        }
    }

    static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /**
     * Memory is flat over 200 steps of a Kronecker-factored layer with a refresh every 5 (each
     * step's statistics inside a scope, as the training step does): the manager holds as many
     * arrays and the optimizer as many state arrays as after the first refresh.
     */
    @Test
    void memoryIsFlatAcrossRefreshes() {
        AdaBayesKf opt = (AdaBayesKf) spec(5).create(B);
        try (NDManager m = NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice())) {
            NDArray w = m.randomNormal(new Shape(OUT, IN));
            NDArray x = m.randomNormal(new Shape(IN, ROWS));
            NDArray d = m.randomNormal(new Shape(OUT, ROWS)).muli(0.01f);
            NDArray g = m.randomNormal(new Shape(OUT, IN)).muli(0.01f);
            int arrays = 0;
            int state = 0;
            for (int t = 1; t <= 200; t++) {
                try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                    opt.observe("w", x, d, B);
                }
                opt.update("w", w, g);
                if (t == 5) {
                    arrays = m.getManagedArrays().size();
                    state = opt.state().arrayCount();
                }
            }
            assertEquals(arrays, m.getManagedArrays().size(), "arrays left behind");
            assertEquals(state, opt.state().arrayCount(), "state grew");
        }
        opt.close();
    }
}

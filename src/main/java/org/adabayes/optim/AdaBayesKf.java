package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.BETA1;
import static org.adabayes.optim.HyperParameter.BETA2;
import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.REFRESH_EVERY;
import static org.adabayes.optim.HyperParameter.SIGMA2;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaBayes-KF: AdaBayes-FP with a Kronecker-factored posterior for every convolution and linear
 * weight (the 2018 paper's section 2.1.3; derivation and approximations in
 * {@code docs/kronecker.md}). A layer's weight, as a matrix W (fan-out x fan-in), with
 *
 * <pre>
 * A = EMA_b2( X X^T / n )            X: input columns (patches), n images
 * S = EMA_b2( n^2 D D^T / rows )     D: mean-loss output gradients, so n D is per-image
 * A = U diag(a) U^T ; S = V diag(s) V^T       bias-corrected, refreshed every refreshEvery steps
 * G_bar = B m / (1 - b1^t)                    m: momentum of the mean-loss gradient
 * rate_ji = 1 / ( 1/(2 sigma2_f) + sqrt( 1/(4 sigma2_f^2) + (B a_i s_j + eps) / eta_f^2 ) )
 * W = (W - V (rate o (V^T G_bar U)) U^T) (1 - lambda)       (decay before the step: nawd false)
 * </pre>
 *
 * B a_i s_j are the eigenvalues of the Kronecker-factored Fisher of the summed loss, B A (x) S,
 * the matrix counterpart of AdaBayes-FP's G2_bar, and the rate is eq. (21) applied to each of
 * them. With sigma2 -> infinity the step is eta (B A (x) S)^(-1/2) G_bar, the paper's
 * sqrt(eta) E[x x^T]^(-1/2) (x) sqrt(eta) E[delta delta^T]^(-1/2) steady state; where the
 * curvature is small the rate tends to sigma2, AdaBayes-FP's SGD limit, so no damping term is
 * needed. BatchNorm parameters, biases, and any weight whose layer sent no statistics take
 * AdaBayes-FP's element-wise step. The NDArray form and the double twin of a layer's step ({@link
 * Twin}) follow one another here; a matrix step has no fused kernel.
 */
public final class AdaBayesKf extends AdaBayesFp implements LayerStatistics {
    static final String A = "kf.A";
    private static final String S = "kf.S";
    private static final String[][] FACTORS = {{A, "kf.U", "kf.a"}, {S, "kf.V", "kf.s"}};

    AdaBayesKf(RuleBuilder<?, ?> b) {
        super(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * AdaBayes-FP's options (but {@code centred}, refused when set) and how often the
     * factors are refreshed.
     */
    public static final class Builder extends AdaBayesFp.Builder
            implements Options.RefreshEvery<AdaBayesFp.Builder> {
        Builder() {
            super(OptimizerKind.ADABAYES_KF, AdaBayesKf::new);
        }

        @Override
        public AdaBayesKf build() {
            return (AdaBayesKf) super.build();
        }
    }

    @Override
    public void observe(String id, NDArray inputs, NDArray outputGradients, int batch) {
        Slots s = state().slots(id, null);
        double b2 = number(BETA2);
        double rows = inputs.getShape().get(1);
        Kronecker.average(s, A, inputs.matMul(inputs.transpose()).muli((1 - b2) / batch), b2);
        Kronecker.average(s, S, outputGradients.matMul(outputGradients.transpose())
                .muli((1 - b2) * batch * (double) batch / rows), b2);
    }

    /** The Kronecker-factored layers need matrix products: never the element-wise kernel. */
    @Override
    protected boolean fusable(String id) {
        return !state().has(id, A);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        if (s.find(A) == null) {
            super.step(id, t, w, grad, s);
            return;
        }
        Moments c = Moments.of(spec(), t);
        refreshIfDue(w, s, t, c);
        double etaF = number(LR) * scheduleFactor();
        double inv2s = 1 / (2 * number(SIGMA2) * scheduleFactor());
        double b = batchSize();
        Shape shape = w.getShape();
        long out = shape.get(0);
        NDArray m = s.get("m", 0).muli(c.b1()).addi(grad.mul(1 - c.b1()));
        NDArray u = s.find("kf.U");
        NDArray v = s.find("kf.V");
        NDArray rotated = v.transpose().matMul(m.reshape(out, -1)).matMul(u)
                .muli(b / c.bc1());                                  // V^T G_bar U
        NDArray rate = s.find("kf.s").reshape(out, 1).mul(s.find("kf.a").reshape(1, -1))
                .muli(b).addi(c.eps()).muli(1 / (etaF * etaF))        // (B a s + eps) / eta^2
                .addi(inv2s * inv2s).sqrt().addi(inv2s).powi(-1);   // eq. (21)
        NDArray delta = v.matMul(rotated.muli(rate)).matMul(u.transpose()).reshape(shape);
        decay().apply(w, delta);
    }

    /**
     * As every rule, then the Kronecker-factored layers (those the LR trace does not sample) in
     * one call of the multi-tensor module, which runs the matrix step above layer by layer;
     * their eigendecompositions, where due, are refreshed first, as {@link #step} does.
     */
    @Override
    public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> grads) {
        KfLayerStep.updateAll(this, ids, weights, grads, super::updateAll);
    }

    /** Decomposes a layer's factors at its first step and every {@code refreshEvery} steps. */
    void refreshIfDue(NDArray w, Slots s, int t, Moments c) {
        if (s.find("kf.U") == null || t % (Integer) spec().value(REFRESH_EVERY) == 0) {
            Kronecker.refresh(w.getManager(), w.getDataType(), s, c.bc2(), FACTORS);
        }
    }

    /**
     * Refreshes every layer's eigendecompositions now, as a step due for it does (the benchmark's
     * refresh cost); returns the largest factor's side.
     */
    public int refreshAll() {
        int largest = 0;
        for (String id : state().ids()) {
            if (!state().has(id, A)) {
                continue;
            }
            Slots s = state().slots(id, null);
            NDArray a = s.find(A);
            largest = Math.max(largest, (int) Math.max(a.getShape().get(0),
                    s.find(S).getShape().get(0)));
            try (NDManager m = NDManager.newBaseManager(a.getDevice());
                    NDScope scope = new NDScope()) {
                Kronecker.refresh(m, a.getDataType(), s, 1, FACTORS);
            }
        }
        return largest;
    }

    /** Whether refreshes use libtorch's eigensolver on this device (else Java's). */
    public static boolean nativeEigensolver(ai.djl.Device device) {
        return TorchEigh.available(device);
    }

    /**
     * The double-precision twin of one layer's step, in plain loops over row-major arrays, for
     * the tests: the weight is a fan-out x fan-in matrix, the statistics arrive as input rows and
     * mean-loss output-gradient rows as the training step hands them to {@link #observe}. (Every
     * parameter without layer statistics takes AdaBayes-FP's twin.)
     */
    public static final class Twin {
        private final OptimizerSpec o;
        private final int out;
        private final int in;
        private final int batch;
        private final double b2;
        private final double[] a;
        private final double[] s;
        private final double[] m;
        private Kronecker.Eigen ea;
        private Kronecker.Eigen es;

        public Twin(OptimizerSpec resolved, int batch, int out, int in) {
            this.o = resolved;
            this.out = out;
            this.in = in;
            this.batch = batch;
            b2 = resolved.number(BETA2);
            a = new double[in * in];
            s = new double[out * out];
            m = new double[out * in];
        }

        /** One minibatch: x (rows x in) input rows, d (rows x out) output gradients, n images. */
        public void observe(double[][] x, double[][] d, int n) {
            int rows = x.length;
            Kronecker.average(a, x, in, b2, (1 - b2) / n);
            Kronecker.average(s, d, out, b2, (1 - b2) * n * (double) n / rows);
        }

        /** Step t (1-based) with mean-loss gradient g (out x in), schedule factor f. */
        public void step(double[] w, double[] g, int t, double f) {
            if (ea == null || t % (Integer) o.value(REFRESH_EVERY) == 0) {
                refresh(t);
            }
            double b1 = o.number(BETA1);
            double[] gbar = new double[out * in];
            for (int i = 0; i < m.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                gbar[i] = batch * m[i] / (1 - Math.pow(b1, t));
            }
            double[] delta = precondition(gbar, o.number(LR) * f, o.number(SIGMA2) * f);
            Decay decay = Decay.of(o.variant(HyperParameter.NAWD), 1 - o.number(WEIGHT_DECAY));
            for (int i = 0; i < w.length; i++) {
                w[i] = decay.apply(w[i], delta[i]);
            }
        }

        /**
         * V (rate o (V^T gbar U)) U^T with rate_ji = eq. (21) at B a_i s_j + eps, the factors'
         * last refresh. With sigma2 infinite and eta 1 (and eps 0) this is (B A (x) S)^(-1/2)
         * gbar.
         */
        public double[] precondition(double[] gbar, double etaF, double sigma2F) {
            double[] u = ea.vectors();
            double[] v = es.vectors();
            double[] rot = Kronecker.mul(Kronecker.mul(Kronecker.transpose(v, out, out), gbar,
                    out, out, in), u, out, in, in);
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    double lam = batch * ea.values()[i] * es.values()[j] + o.number(EPS);
                    rot[j * in + i] *= fixedPoint(lam, etaF, sigma2F);
                }
            }
            return Kronecker.mul(Kronecker.mul(v, rot, out, out, in),
                    Kronecker.transpose(u, in, in), out, in, in);
        }

        /** Sets the factors outright (A = a, S = s, row-major), as if refreshed from them. */
        public void setFactors(double[] factorA, double[] factorS) {
            ea = Kronecker.eigh(factorA, in, 1);
            es = Kronecker.eigh(factorS, out, 1);
        }

        /** Refreshes the eigendecompositions from the statistics now (bias-corrected, t steps). */
        public void refresh(int t) {
            double bc2 = 1 - Math.pow(b2, t);
            ea = Kronecker.eigh(a, in, 1 / bc2);
            es = Kronecker.eigh(s, out, 1 / bc2);
        }
    }
}

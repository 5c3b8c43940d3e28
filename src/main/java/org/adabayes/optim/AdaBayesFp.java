package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaBayes-FP, the paper's Algorithm 2 ({@code docs/equations.md#alg-2}): the learning rate is set
 * to the fixed point of AdaBayes' variance recursion (eq. 21) instead of being filtered. With G = B
 * times the mean-loss gradient:
 *
 * <pre>
 * m = b1 m + (1-b1) G ; v = b2 v + (1-b2) G^2 ; G_bar = m/(1-b1^t) ; G2_bar = v/(1-b2^t) + eps
 * s2_post = 1 / ( 1/(2 sigma2_f) + sqrt( 1/(4 sigma2_f^2) + G2_bar / eta_f^2 ) )
 * w = (w - s2_post G_bar) (1 - lambda)
 * </pre>
 *
 * eps sits inside G2_bar and the decay (a constant lambda) follows the step, as in the author's
 * code; eta and sigma^2 follow the schedule factor. As sigma^2 grows without bound this is AdamW
 * (eq. 27, up to the order of the decay).
 *
 * <p>Decaying after the step is the 2018 paper's NAWD ({@code nawd}, on by default; {@code nawd:
 * false} decays first, as AdamW); {@code centred} takes v of G - m ({@code
 * docs/equations.md#centred}). The NDArray form, the fused kernel and the double twin follow one
 * another here.
 */
public final class AdaBayesFp extends StatefulOptimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double sigma2;
    private final boolean nawd;
    private final boolean centred;

    AdaBayesFp(Options fp, int batchSize) {
        super(fp, batchSize);
        lr = fp.lr();
        beta1 = fp.beta1();
        beta2 = fp.beta2();
        eps = fp.eps();
        weightDecay = fp.weightDecay();
        sigma2 = fp.sigma2();
        nawd = Hyper.flag(fp.nawd(), true);
        centred = Hyper.flag(fp.centred(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * AdaBayes-FP's hyper-parameters: eta (lr) 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, the
     * decoupled lambda 5e-5, eta_SGD 0.1 and sigma^2 = eta_SGD / B; {@code nawd} on (the author's
     * code decays after the step), {@code centred} off.
     */
    public record Options(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay,
            Double etaSgd, Double sigma2, Boolean nawd, Boolean centred)
            implements OptimizerOptions.Bayesian {
        public Options {
            Hyper.positive("lr", lr);
            Hyper.unit("beta1", beta1);
            Hyper.unit("beta2", beta2);
            Hyper.nonNegative("eps", eps);
            Hyper.unit("weightDecay", weightDecay);
            Hyper.positive("etaSgd", etaSgd);
            Hyper.positive("sigma2", sigma2);
        }

        Options() {
            this(null, null, null, null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADABAYES_FP;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            double eta = Hyper.or(etaSgd, 0.1);
            return new Options(Hyper.or(lr, 1e-3), Hyper.or(beta1, 0.9), Hyper.or(beta2, 0.999),
                    Hyper.or(eps, 1e-8), Hyper.or(weightDecay, 5e-5), eta,
                    Hyper.sigma2(kind(), sigma2, eta, batchSize), nawd, centred);
        }

        @Override
        public AdaBayesFp create(int batchSize) {
            return new AdaBayesFp(this, batchSize);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaBayesFp.twin(this, batchSize, elements);
        }

        @Override
        public String variant() {
            return Hyper.variant("NAWD", nawd, true) + Hyper.variant("centred", centred, false);
        }
    }

    /** AdaBayes-FP's options: the family's, beta2, eps and {@code centred}. */
    public static final class Builder extends RuleBuilder.Bayesian<Builder> {
        private Double beta2;
        private Double eps;
        private Boolean centred;

        Builder() {}

        public Builder optBeta2(float v) {
            beta2 = (double) v;
            return this;
        }

        /** eps, inside G2_bar (1e-8). */
        public Builder optEpsilon(float v) {
            eps = (double) v;
            return this;
        }

        /** v of G - m (the 2018 paper's section 2.2.8). */
        public Builder optCentred(boolean v) {
            centred = v;
            return this;
        }

        @Override
        public AdaBayesFp build() {
            int b = batch(OptimizerKind.ADABAYES_FP);
            return new Options(lr, beta1, beta2, eps, weightDecay, etaSgd, sigma2, nawd, centred)
                    .resolve(network, b).create(b);
        }
    }

    @Override
    protected List<Slot> slots() {
        return List.of(new Slot("m", 0), new Slot("v", 0));
    }

    /** The constant decoupled decay (1 - lambda), after the step unless nawd is false. */
    Decay decay() {
        return Decay.of(nawd, 1 - weightDecay);
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double etaF = lr * scheduleFactor();
        double inv2s = 1 / (2 * sigma2 * scheduleFactor());
        double b = batchSize();
        Decay d = decay();
        return new MultiTensor.Call("adabayes-fp", new double[] {c.b1(), c.b2(),
            b * b / (c.bc2() * etaF * etaF), c.eps() / (etaF * etaF) + inv2s * inv2s, inv2s,
            b / c.bc1(), d.before(), d.after()}, centred);
    }

    /** m and v are kept in mean-loss units, with B folded into the scalars. */
    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double etaF = lr * scheduleFactor();
        double inv2s = 1 / (2 * sigma2 * scheduleFactor());
        double b = batchSize();
        NDArray[] mv = Moments.update(s, grad, c.b1(), c.b2(), false, centred);
        NDArray post = mv[1].mul(b * b / (c.bc2() * etaF * etaF))  // G2_bar / eta^2
                .addi(c.eps() / (etaF * etaF) + inv2s * inv2s)
                .sqrt().addi(inv2s).powi(-1);                    // s2_post, eq. (21)
        LrTrace trace = trace();
        if (trace != null && trace.wants(id, t)) {
            trace.record(id, t, post, mv[1].mul(b * b / c.bc2()).powi(-0.5).muli(etaF));
        }
        decay().apply(w, post.muli(mv[0]).muli(b / c.bc1()));
    }

    @Override
    protected Kernel kernel(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double etaF = lr * scheduleFactor();
        double inv2sd = 1 / (2 * sigma2 * scheduleFactor());
        double b = batchSize();
        float scale = (float) (b * b / (c.bc2() * etaF * etaF));
        float offset = (float) (c.eps() / (etaF * etaF) + inv2sd * inv2sd);
        float inv2s = (float) inv2sd;
        float step = (float) (b / c.bc1());
        Decay decay = decay();
        boolean cen = centred;
        return (w, g, s, n) -> {
            float[] m = s[0];
            float[] v = s[1];
            for (int i = 0; i < n; i++) {
                c.update(m, v, i, g[i], cen);
                float post = 1f / ((float) Math.sqrt(v[i] * scale + offset) + inv2s);
                w[i] = decay.apply(w[i], post * step * m[i]);
            }
        };
    }

    /** The double-precision twin, Algorithm 2 ({@code docs/equations.md#alg-2}). */
    static ScalarRule twin(Options o, int batch, int n) {
        double eta = o.lr();
        double sigma2 = o.sigma2();
        double b1 = o.beta1();
        double b2 = o.beta2();
        double eps = o.eps();
        Decay decay = Decay.of(Hyper.flag(o.nawd(), true), 1 - o.weightDecay());
        boolean centred = Hyper.flag(o.centred(), false);
        double[] m = new double[n];
        double[] v = new double[n];
        return (w, grad, t, f) -> {
            Moments c = Moments.of(b1, b2, eps, t);
            double etaF = eta * f;
            double sigma2F = sigma2 * f;
            for (int i = 0; i < n; i++) {
                Moments.update(m, v, i, batch * grad[i], b1, b2, centred);
                double post = fixedPoint(v[i] / c.bc2() + eps, etaF, sigma2F);
                w[i] = decay.apply(w[i], post * m[i] / c.bc1());
            }
        };
    }

    /** Eq. (21): the fixed point of AdaBayes' learning rate for mean squared gradient g2. */
    public static double fixedPoint(double g2, double eta, double sigma2) {
        return 1 / (1 / (2 * sigma2) + Math.sqrt(1 / (4 * sigma2 * sigma2) + g2 / (eta * eta)));
    }
}

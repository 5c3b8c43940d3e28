package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.SIGMA2;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

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
public class AdaBayesFp extends StatefulOptimizer {
    private final boolean nawd;
    private final boolean centred;

    AdaBayesFp(RuleBuilder<?, ?> b) {
        super(b);
        nawd = flag(HyperParameter.NAWD);
        centred = flag(HyperParameter.CENTRED);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * AdaBayes-FP's options: the family's, beta2, eps and {@code centred}. AdaBayes-KF's builder
     * extends it, as the rule does.
     */
    public static class Builder extends RuleBuilder.Bayesian<Builder, AdaBayesFp>
            implements Options.Beta2<Builder>, Options.Epsilon<Builder>, Options.Centred<Builder> {
        Builder() {
            this(OptimizerKind.ADABAYES_FP, AdaBayesFp::new);
        }

        Builder(OptimizerKind kind, java.util.function.Function<Builder, AdaBayesFp> factory) {
            super(kind, factory);
        }
    }

    @Override
    protected List<Slot> slots() {
        return List.of(new Slot("m", 0), new Slot("v", 0));
    }

    /** The constant decoupled decay (1 - lambda), after the step unless nawd is false. */
    protected Decay decay() {
        return Decay.of(nawd, 1 - number(WEIGHT_DECAY));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(spec(), t);
        double etaF = number(LR) * scheduleFactor();
        double inv2s = 1 / (2 * number(SIGMA2) * scheduleFactor());
        double b = batchSize();
        Decay d = decay();
        return new MultiTensor.Call("adabayes-fp", new double[] {c.b1(), c.b2(),
            b * b / (c.bc2() * etaF * etaF), c.eps() / (etaF * etaF) + inv2s * inv2s, inv2s,
            b / c.bc1(), d.before(), d.after()}, centred);
    }

    /** m and v are kept in mean-loss units, with B folded into the scalars. */
    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        Moments c = Moments.of(spec(), t);
        double etaF = number(LR) * scheduleFactor();
        double inv2s = 1 / (2 * number(SIGMA2) * scheduleFactor());
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
        Moments c = Moments.of(spec(), t);
        double etaF = number(LR) * scheduleFactor();
        double inv2sd = 1 / (2 * number(SIGMA2) * scheduleFactor());
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
    static ScalarRule twin(OptimizerSpec o, int batch, int n) {
        double eta = o.number(LR);
        double sigma2 = o.number(SIGMA2);
        double b1 = o.number(HyperParameter.BETA1);
        double b2 = o.number(HyperParameter.BETA2);
        double eps = o.number(HyperParameter.EPS);
        Decay decay = Decay.of(o.variant(HyperParameter.NAWD), 1 - o.number(WEIGHT_DECAY));
        boolean centred = o.variant(HyperParameter.CENTRED);
        double[] m = new double[n];
        double[] v = new double[n];
        return (w, grad, t, f) -> {
            Moments c = Moments.of(o, t);
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

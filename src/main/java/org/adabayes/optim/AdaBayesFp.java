package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaBayes-FP, the paper's Algorithm 2: the learning rate is set to the fixed point of AdaBayes'
 * variance recursion (eq. 21) instead of being filtered. With g = B times the mean-loss gradient:
 *
 * <pre>
 * m = b1 m + (1-b1) g ; v = b2 v + (1-b2) g^2 ; g_bar = m/(1-b1^t) ; g2_bar = v/(1-b2^t) + eps
 * s2_post = 1 / ( 1/(2 sigma^2) + sqrt( 1/(4 sigma^4) + g2_bar / eta^2 ) )
 * w = (1 - lambda) w - s2_post g_bar
 * </pre>
 *
 * eps sits inside g2_bar, as in the author's code; lambda is constant (the author's code), while
 * eta and sigma^2 follow the schedule factor. As sigma^2 grows without bound this is AdamW
 * (eq. 27).
 */
public final class AdaBayesFp extends StatefulOptimizer {
    private final float eta;
    private final float sigma2;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float lambda;

    AdaBayesFp(HarnessBuilder<?> b) {
        super(b);
        eta = param(HyperParameter.LR);
        sigma2 = param(HyperParameter.SIGMA2);
        beta1 = param(HyperParameter.BETA1);
        beta2 = param(HyperParameter.BETA2);
        eps = param(HyperParameter.EPS);
        lambda = param(HyperParameter.WEIGHT_DECAY);
    }

    public static HarnessBuilder<AdaBayesFp> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADABAYES_FP, AdaBayesFp::new);
    }

    /**
     * Sixteen element-wise passes and two temporaries per step, m and v kept in mean-loss units
     * with B folded into the scalars.
     */
    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        double f = scheduleFactor();
        double etaF = eta * f;
        double sig2F = sigma2 * f;
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double b2 = (double) batchSize() * batchSize();
        NDArray[] mv = moments(s, grad, beta1, beta2, false);   // of the mean-loss gradient
        NDArray m = mv[0];
        NDArray v = mv[1];
        double inv2s = 1 / (2 * sig2F);
        NDArray post = v.mul(f(b2 / (bc2 * etaF * etaF)))  // g2_bar / eta^2, with g = B grad
                .addi(f(eps / (etaF * etaF) + inv2s * inv2s))
                .powi(0.5f).addi(f(inv2s)).powi(-1);       // s2_post, eq. (21)
        LrTrace trace = trace();
        if (trace != null && trace.wants(id, t)) {
            trace.record(id, t, post, v.mul(f(b2 / bc2)).powi(-0.5f).muli(f(etaF)));
        }
        if (lambda != 0) {
            w.muli(1 - lambda);
        }
        w.subi(post.muli(m).muli(f(batchSize() / bc1)));         // w -= s2_post * B * m_hat
    }
}

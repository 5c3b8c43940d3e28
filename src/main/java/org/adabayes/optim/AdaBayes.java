package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaBayes, the paper's Algorithm 1 (typo in the posterior variance corrected). With g = B times
 * the mean-loss gradient, per element:
 *
 * <pre>
 * m        = b1 m + (1 - b1) g ;  g_bar = m / (1 - b1^t)
 * s2_post  = 1 / (1 / s2_prior + g^2)                             (eq. 18a)
 * w        = (1 - lambda f) w - s2_post g_bar                     (eq. 19, loss-descent sign)
 * s2_prior = (1 - eta^2 / (2 sigma^2))^2 s2_post + eta^2          (eq. 17b)
 *         or s2_post exp(-eta^2/sigma^2) + sigma^2 (1 - exp(-eta^2/sigma^2))   (exactPrior)
 * </pre>
 *
 * The schedule factor f multiplies eta and eta_SGD (so sigma^2 too), and lambda, as the author's
 * code does. s2_prior starts at sigma^2. The learning rate s2_post moves from sigma^2 (SGD with
 * eta_SGD) to eta / sqrt(&lt;g^2&gt;) (Adam) as the gradient's Fisher information grows (Fig. 3).
 */
public final class AdaBayes extends StatefulOptimizer {
    private static final float ADAM_BETA2 = 0.999f;
    private final float eta;
    private final float sigma2;
    private final float beta1;
    private final float lambda;
    private final boolean exactPrior;

    AdaBayes(HarnessBuilder<?> b) {
        super(b);
        eta = param(HyperParameter.LR);
        sigma2 = param(HyperParameter.SIGMA2);
        beta1 = param(HyperParameter.BETA1);
        lambda = param(HyperParameter.WEIGHT_DECAY);
        exactPrior = Boolean.TRUE.equals(spec().value(HyperParameter.EXACT_PRIOR));
    }

    public static HarnessBuilder<AdaBayes> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADABAYES, AdaBayes::new);
    }
    /**
     * Fourteen element-wise passes and two temporaries per step: m and the prior precision
     * P = 1/s2_prior are state, the mean-loss gradient is used directly and B folded into the
     * scalars, and the new precision is computed in the s2_post temporary, which then becomes the
     * state (no copy: DJL's copyTo goes through a host buffer).
     */
    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        double f = scheduleFactor();
        double etaF = eta * f;
        double sig2F = sigma2 * f;
        double bc1 = 1 - Math.pow(beta1, t);
        NDArray m = s.get("m", 0f);
        NDArray prec = s.get("prior_precision", 1f / sigma2);
        m.subi(grad).muli(beta1).addi(grad);               // m = b1 m + (1 - b1) grad
        double b2 = (double) batchSize() * batchSize();
        NDArray post = grad.square().muli(f(b2)).addi(prec).powi(-1);
        LrTrace trace = trace();
        if (trace != null) {
            NDArray g2 = grad.square().muli(f(b2));
            NDArray v = s.get("trace_v", 0f).muli(ADAM_BETA2).addi(g2.muli(1 - ADAM_BETA2));
            if (trace.wants(id, t)) {
                double bc2 = 1 - Math.pow(ADAM_BETA2, t);
                trace.record(id, t, post, v.mul(f(1 / bc2)).powi(-0.5f).muli(f(etaF)));
            }
        }
        if (lambda != 0) {
            w.muli(f(1 - lambda * f));
        }
        w.subi(post.mul(m).muli(f(batchSize() / bc1)));          // w -= s2_post * B * m_hat
        double rho = etaF * etaF / sig2F;
        if (exactPrior) {
            double decay = Math.exp(-rho);
            post.muli(f(decay)).addi(f(sig2F * (1 - decay)));
        } else {
            double a = 1 - rho / 2;
            post.muli(f(a * a)).addi(f(etaF * etaF));      // next s2_prior (eq. 17b)
        }
        s.replace("prior_precision", post.powi(-1));
    }
}

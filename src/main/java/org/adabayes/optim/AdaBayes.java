package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaBayes, the paper's Algorithm 1 ({@code docs/equations.md#alg-1}), in the order of the
 * author's code. With G = B times the mean-loss gradient and f the schedule factor, per element:
 *
 * <pre>
 * s2_prior = s2_post exp(-rho) + sigma2_f (1 - exp(-rho)), rho = eta_f^2/sigma2_f
 *                                                           (exactPrior, the default)
 *         or (1 - eta_f^2 / (2 sigma2_f))^2 s2_post + eta_f^2    (exactPrior: false, eq. 17b)
 * m        = b1 m + (1 - b1) G ;  G_bar = m / (1 - b1^t)
 * s2_post  = 1 / (1 / s2_prior + G^2)                                          (eq. 18a)
 * w        = (w - s2_post G_bar) (1 - lambda f)                                (eq. 19)
 * </pre>
 *
 * with eta_f = eta f and sigma2_f = sigma2 f. The exact Ornstein-Uhlenbeck prior is the
 * author's code (LaurenceA/adabayes), which produced the paper's Table 1; the paper prints its
 * first-order form. s2_post starts at sigma2 and the prior is formed at
 * the start of each step with that step's f, as the author's code does; the decay follows the
 * gradient step, as there. The learning rate s2_post moves from sigma^2 (SGD with eta_SGD) to
 * eta / sqrt(&lt;G^2&gt;) (Adam) as the gradient's Fisher information grows (Fig. 3).
 *
 * <p>Taking the decay after the step is the 2018 paper's NAWD ({@code nawd}, on by default;
 * {@code nawd: false} decays first). {@code centred} uses (G - B m)^2 in place of G^2 in eq. (18a)
 * ({@code docs/equations.md#centred}). The NDArray form, the fused kernel and the double twin
 * follow one another here.
 */
public final class AdaBayes extends StatefulOptimizer {
    private static final double ADAM_BETA2 = 0.999;

    private final Options o;
    private final boolean nawd;
    private final boolean centred;

    AdaBayes(Options o, int batchSize) {
        super(o, batchSize);
        this.o = o;
        nawd = Hyper.flag(o.nawd(), true);
        centred = Hyper.flag(o.centred(), false);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * AdaBayes' hyper-parameters: eta (lr) 1e-3, beta1 0.9, the decoupled lambda 5e-5, eta_SGD
     * 0.1, sigma^2 = eta_SGD / B and the exact Ornstein-Uhlenbeck prior (written out when
     * resolved); {@code nawd} on (the author's code decays after the step), {@code centred} off.
     */
    public record Options(Double lr, Double beta1, Double weightDecay, Double etaSgd,
            Double sigma2, Boolean exactPrior, Boolean nawd, Boolean centred)
            implements OptimizerOptions.Bayesian {
        public Options {
            Hyper.positive("lr", lr);
            Hyper.unit("beta1", beta1);
            Hyper.unit("weightDecay", weightDecay);
            Hyper.positive("etaSgd", etaSgd);
            Hyper.positive("sigma2", sigma2);
        }

        Options() {
            this(null, null, null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADABAYES;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            double eta = Hyper.or(etaSgd, 0.1);
            return new Options(Hyper.or(lr, 1e-3), Hyper.or(beta1, 0.9),
                    Hyper.or(weightDecay, 5e-5), eta, Hyper.sigma2(kind(), sigma2, eta, batchSize),
                    Hyper.or(exactPrior, true), nawd, centred);
        }

        @Override
        public AdaBayes create(int batchSize) {
            return new AdaBayes(this, batchSize);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaBayes.twin(this, batchSize, elements);
        }

        @Override
        public Object twinKey(int batchSize, double f) {
            return AdaBayes.twinKey(this, batchSize, f);
        }

        @Override
        public String variant() {
            return Hyper.variant("NAWD", nawd, true) + Hyper.variant("centred", centred, false);
        }
    }

    /** AdaBayes' options: the family's, the form of the prior, and {@code centred}. */
    public static final class Builder extends RuleBuilder.Bayesian<Builder> {
        private Boolean exactPrior;
        private Boolean centred;

        Builder() {}

        /** The exact Ornstein-Uhlenbeck prior (true, the author's code) or eq. (17b). */
        public Builder optExactPrior(boolean v) {
            exactPrior = v;
            return this;
        }

        /** (G - B m)^2 in eq. (18a) (the 2018 paper's section 2.2.8). */
        public Builder optCentred(boolean v) {
            centred = v;
            return this;
        }

        @Override
        public AdaBayes build() {
            int b = batch(OptimizerKind.ADABAYES);
            return new Options(lr, beta1, weightDecay, etaSgd, sigma2, exactPrior, nawd, centred)
                    .resolve(network, b).create(b);
        }
    }

    @Override
    protected List<Slot> slots() {
        return List.of(new Slot("m", 0), new Slot("s2_post", o.sigma2()));
    }

    /** {a, c}: the drift of step t turns a posterior into the next prior a s2_post + c. */
    private double[] drift() {
        return drift(o, scheduleFactor());
    }

    /** {a, c} of a resolved spec at schedule factor f, for every form. */
    private static double[] drift(Options o, double f) {
        double etaF = o.lr() * f;
        double sig2F = o.sigma2() * f;
        double rho = etaF * etaF / sig2F;
        if (Hyper.flag(o.exactPrior(), true)) {
            double decay = Math.exp(-rho);
            return new double[] {decay, sig2F * (1 - decay)};
        }
        return new double[] {(1 - rho / 2) * (1 - rho / 2), etaF * etaF};
    }

    /**
     * m and the state are kept in mean-loss units with B folded into the scalars; s2_post is
     * turned into the prior and then into the new posterior in place.
     */
    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        double[] drift = drift();
        double b = batchSize();
        double b1 = o.beta1();
        NDArray post = s.get("s2_post", o.sigma2()).muli(drift[0]).addi(drift[1]);
        NDArray m = s.get("m", 0).muli(b1).addi(grad.mul(1 - b1));
        NDArray g2 = grad.square().muli(b * b);
        post.powi(-1).addi(centred ? grad.sub(m).square().muli(b * b) : g2).powi(-1);
        LrTrace trace = trace();
        if (trace != null) {
            NDArray v = s.get("trace_v", 0).muli(ADAM_BETA2).addi(g2.muli(1 - ADAM_BETA2));
            if (trace.wants(id, t)) {
                double bc2 = 1 - Math.pow(ADAM_BETA2, t);
                trace.record(id, t, post, v.mul(1 / bc2).powi(-0.5)
                        .muli(o.lr() * scheduleFactor()));
            }
        }
        Decay.of(nawd, 1 - o.weightDecay() * scheduleFactor())
                .apply(w, post.mul(m).muli(b / (1 - Math.pow(b1, t))));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        double[] drift = drift();
        double b1 = o.beta1();
        Decay d = Decay.of(nawd, 1 - o.weightDecay() * scheduleFactor());
        return new MultiTensor.Call("adabayes", new double[] {drift[0], drift[1], b1,
            batchSize(), batchSize() / (1 - Math.pow(b1, t)), d.before(), d.after()}, centred);
    }

    @Override
    protected Kernel kernel(int t) {
        double[] drift = drift();
        float a = (float) drift[0];
        float c = (float) drift[1];
        float b = batchSize();
        double b1d = o.beta1();
        float b1 = (float) b1d;
        float c1 = (float) (1 - b1d);
        float step = (float) (batchSize() / (1 - Math.pow(b1d, t)));
        Decay decay = Decay.of(nawd, 1 - o.weightDecay() * scheduleFactor());
        boolean cen = centred;
        return (w, g, s, n) -> {
            float[] m = s[0];
            float[] post = s[1];
            for (int i = 0; i < n; i++) {
                m[i] = b1 * m[i] + c1 * g[i];
                float e = b * (cen ? g[i] - m[i] : g[i]);
                post[i] = 1f / (1f / (a * post[i] + c) + e * e);
                w[i] = decay.apply(w[i], post[i] * step * m[i]);
            }
        };
    }

    /**
     * What the twin of {@code o} computes with at schedule factor f: two specs with equal keys
     * have twins that step bit for bit alike. eta enters only through the drift {a, c}, and where
     * a s2_post cannot move the prior a s2_post + c by a rounding step (s2_post never exceeds
     * max(sigma2, sigma2_f), and a times that is under a quarter of c's ulp: large rho, the
     * exact prior's exp(-rho) below 2^-54) the prior is c exactly and a is replaced by 0, so
     * every eta in that regime shares one key (the NQM's large batches, where this saves whole
     * simulations).
     */
    static Object twinKey(Options o, int batch, double f) {
        double[] d = drift(o, f);
        double bound = Math.max(o.sigma2(), o.sigma2() * f);
        double a = d[0] * bound < Math.ulp(d[1]) / 4 ? 0 : d[0];
        Options anyEta = new Options(1.0, o.beta1(), o.weightDecay(), o.etaSgd(), o.sigma2(),
                o.exactPrior(), o.nawd(), o.centred());
        return List.of(OptimizerKind.ADABAYES, anyEta, a, d[1], batch, f);
    }

    /** The double-precision twin, Algorithm 1 ({@code docs/equations.md#alg-1}). */
    static ScalarRule twin(Options o, int batch, int n) {
        double sigma2 = o.sigma2();
        double b1 = o.beta1();
        double lambda = o.weightDecay();
        boolean nawd = Hyper.flag(o.nawd(), true);
        boolean centred = Hyper.flag(o.centred(), false);
        double[] m = new double[n];
        double[] post = new double[n];
        Arrays.fill(post, sigma2);
        double[][] drift = {null};
        double[] driftOf = {Double.NaN};
        return (w, grad, t, f) -> {
            if (f != driftOf[0]) {
                drift[0] = drift(o, f);
                driftOf[0] = f;
            }
            double a = drift[0][0];
            double c = drift[0][1];
            double bc1 = 1 - Math.pow(b1, t);
            Decay decay = Decay.of(nawd, 1 - lambda * f);
            for (int i = 0; i < n; i++) {
                double prior = a * post[i] + c;
                double g = batch * grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                double e = centred ? g - m[i] : g;
                post[i] = 1 / (1 / prior + e * e);
                w[i] = decay.apply(w[i], post[i] * m[i] / bc1);
            }
        };
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaBound and AMSBound (Luo et al. 2019) as the authors' code ({@code
 * docs/equations.md#adabound}): coupled L2, Adam moments (AMSBound keeps max v), step = lr f
 * sqrt(1-b2^t)/(1-b1^t), the per-element rate step/(sqrt(v)+eps) clipped to
 * [final (1 - 1/(gamma t + 1)), final (1 + 1/(gamma t))] with final = finalLr f, times m. The
 * NDArray form, the fused kernel and the double twin follow one another here.
 */
public final class AdaBound extends StatefulOptimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double finalLr;
    private final double gamma;
    private final boolean amsbound;

    private AdaBound(OptimizerOptions o, double beta1, double beta2, double eps, double finalLr,
            double gamma, boolean amsbound) {
        super(o, 0);
        this.lr = o.lr();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = o.weightDecay();
        this.finalLr = finalLr;
        this.gamma = gamma;
        this.amsbound = amsbound;
    }

    /** AdaBound. */
    public static Builder builder() {
        return new Builder(false);
    }

    /** AMSBound: AdaBound on the running maximum of v. */
    public static Builder amsbound() {
        return new Builder(true);
    }

    private static void check(Double lr, Double beta1, Double beta2, Double eps,
            Double weightDecay, Double finalLr, Double gamma) {
        Hyper.positive("lr", lr);
        Hyper.unit("beta1", beta1);
        Hyper.unit("beta2", beta2);
        Hyper.nonNegative("eps", eps);
        Hyper.unit("weightDecay", weightDecay);
        Hyper.positive("finalLr", finalLr);
        Hyper.positive("gamma", gamma);
    }

    /**
     * AdaBound's hyper-parameters, the authors' defaults: lr 1e-3, beta1 0.9, beta2 0.999, eps
     * 1e-8, coupled L2 5e-4, the final (SGD) rate 0.1 and gamma 1e-3.
     */
    public record Options(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay,
            Double finalLr, Double gamma) implements OptimizerOptions {
        public Options {
            check(lr, beta1, beta2, eps, weightDecay, finalLr, gamma);
        }

        Options() {
            this(null, null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADABOUND;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            return new Options(Hyper.or(lr, 1e-3), Hyper.or(beta1, 0.9), Hyper.or(beta2, 0.999),
                    Hyper.or(eps, 1e-8), Hyper.or(weightDecay, 5e-4), Hyper.or(finalLr, 0.1),
                    Hyper.or(gamma, 1e-3));
        }

        @Override
        public AdaBound create(int batchSize) {
            return new AdaBound(this, beta1, beta2, eps, finalLr, gamma, false);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaBound.twin(lr, beta1, beta2, eps, weightDecay, finalLr, gamma, false,
                    elements);
        }
    }

    /** AMSBound's hyper-parameters: AdaBound's, with its defaults. */
    public record AmsBoundOptions(Double lr, Double beta1, Double beta2, Double eps,
            Double weightDecay, Double finalLr, Double gamma) implements OptimizerOptions {
        public AmsBoundOptions {
            check(lr, beta1, beta2, eps, weightDecay, finalLr, gamma);
        }

        AmsBoundOptions() {
            this(null, null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.AMSBOUND;
        }

        @Override
        public AmsBoundOptions resolve(PaperNetwork network, int batchSize) {
            Options o = new Options(lr, beta1, beta2, eps, weightDecay, finalLr, gamma)
                    .resolve(network, batchSize);
            return new AmsBoundOptions(o.lr(), o.beta1(), o.beta2(), o.eps(), o.weightDecay(),
                    o.finalLr(), o.gamma());
        }

        @Override
        public AdaBound create(int batchSize) {
            return new AdaBound(this, beta1, beta2, eps, finalLr, gamma, true);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaBound.twin(lr, beta1, beta2, eps, weightDecay, finalLr, gamma, true,
                    elements);
        }
    }

    /** The options of AdaBound and AMSBound (the same): betas, eps, the final rate and gamma. */
    public static final class Builder extends RuleBuilder<Builder> {
        private final boolean amsbound;
        private Double beta1;
        private Double beta2;
        private Double eps;
        private Double finalLr;
        private Double gamma;

        Builder(boolean amsbound) {
            this.amsbound = amsbound;
        }

        public Builder optBeta1(float v) {
            beta1 = (double) v;
            return this;
        }

        public Builder optBeta2(float v) {
            beta2 = (double) v;
            return this;
        }

        public Builder optEpsilon(float v) {
            eps = (double) v;
            return this;
        }

        /** The rate the bounds close in on (SGD's, 0.1). */
        public Builder optFinalLr(float v) {
            finalLr = (double) v;
            return this;
        }

        /** How fast the bounds close in (1e-3). */
        public Builder optGamma(float v) {
            gamma = (double) v;
            return this;
        }

        @Override
        public AdaBound build() {
            OptimizerOptions o = amsbound
                    ? new AmsBoundOptions(lr, beta1, beta2, eps, weightDecay, finalLr, gamma)
                    : new Options(lr, beta1, beta2, eps, weightDecay, finalLr, gamma);
            return (AdaBound) o.resolve(network, 0).create(0);
        }
    }

    @Override
    protected List<Slot> slots() {
        return amsbound ? List.of(new Slot("m", 0), new Slot("v", 0), new Slot("vmax", 0))
                : List.of(new Slot("m", 0), new Slot("v", 0));
    }

    /** {step size, lower bound, upper bound} of step t. */
    private double[] bounds(Moments c, int t) {
        double f = scheduleFactor();
        double fin = finalLr * f;
        return new double[] {lr * f * Math.sqrt(c.bc2()) / c.bc1(),
            fin * (1 - 1 / (gamma * t + 1)), fin * (1 + 1 / (gamma * t))};
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double[] b = bounds(c, t);
        NDArray[] mv = Moments.update(s, withL2(g, w, weightDecay), c.b1(), c.b2(),
                amsbound, false);
        NDArray rate = mv[1].sqrt().addi(c.eps()).powi(-1).muli(b[0]).clip(b[1], b[2]);
        w.subi(rate.muli(mv[0]));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double[] b = bounds(c, t);
        return new MultiTensor.Call("adabound", new double[] {c.b1(), c.b2(), c.eps(), b[0], b[1],
            b[2], weightDecay}, amsbound);
    }

    @Override
    protected Kernel kernel(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double[] b = bounds(c, t);
        float size = (float) b[0];
        float lower = (float) b[1];
        float upper = (float) b[2];
        float wd = (float) weightDecay;
        float eps = (float) c.eps();
        // a loop per variant, each its own lambda (and JIT profile), as in Adam
        if (amsbound) {
            return (w, g, s, n) -> {
                float[] m = s[0];
                float[] v = s[1];
                float[] max = s[2];
                for (int i = 0; i < n; i++) {
                    c.update(m, v, i, g[i] + wd * w[i], false);
                    max[i] = Math.max(max[i], v[i]);
                    float rate = size / ((float) Math.sqrt(max[i]) + eps);
                    w[i] -= Math.min(upper, Math.max(lower, rate)) * m[i];
                }
            };
        }
        return (w, g, s, n) -> {
            float[] m = s[0];
            float[] v = s[1];
            for (int i = 0; i < n; i++) {
                c.update(m, v, i, g[i] + wd * w[i], false);
                w[i] -= Math.min(upper, Math.max(lower, size / ((float) Math.sqrt(v[i]) + eps)))
                        * m[i];
            }
        };
    }

    /** The double-precision twin of AdaBound and AMSBound, {@code docs/equations.md#adabound}. */
    private static ScalarRule twin(double lr, double b1, double b2, double eps, double wd,
            double finalLr, double gamma, boolean ams, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        return (w, g, t, f) -> {
            Moments c = Moments.of(b1, b2, eps, t);
            double step = lr * f * Math.sqrt(c.bc2()) / c.bc1();
            double fin = finalLr * f;
            double lo = fin * (1 - 1 / (gamma * t + 1));
            double hi = fin * (1 + 1 / (gamma * t));
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                vmax[i] = Math.max(vmax[i], Moments.update(m, v, i, d, b1, b2, false));
                double vv = ams ? vmax[i] : v[i];
                double rate = Math.min(hi, Math.max(lo, step / (Math.sqrt(vv) + eps)));
                w[i] -= rate * m[i];
            }
        };
    }
}

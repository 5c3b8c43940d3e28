package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * Adam, AMSGrad and AdamW exactly as torch.optim.Adam and torch.optim.AdamW (the paper's
 * baselines, {@code docs/equations.md#adam} and {@code #adamw}): Adam and AMSGrad decay by coupled
 * L2, d = g + wd w; AdamW shrinks the weights first, w *= 1 - lambda f, and uses d = g. Then
 * m = b1 m + (1-b1) d; v = b2 v + (1-b2) d^2 (AMSGrad: vmax = max(vmax, v));
 * w -= lr f / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). DJL's built-in Adam adds eps to
 * the uncorrected sqrt(v), a different rule early in training, so it is not used.
 *
 * <p>Two variants from the 2018 paper, off by default: {@code centred} (Adam, AdamW) takes the
 * second moment of d - m (section 2.2.8), and {@code nawd} (AdamW) shrinks after the step, so the
 * next gradient is taken at the decayed weights (section 2.2.4; {@code docs/equations.md#nawd}).
 * The NDArray form, the fused kernel and the double twin follow one another here.
 */
public final class Adam extends StatefulOptimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;
    private final boolean nawd;
    private final boolean centred;

    private Adam(OptimizerOptions o, double beta1, double beta2, double eps, boolean amsgrad,
            boolean decoupled, boolean nawd, boolean centred) {
        super(o, 0);
        this.lr = o.lr();
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = o.weightDecay();
        this.amsgrad = amsgrad;
        this.decoupled = decoupled;
        this.nawd = nawd;
        this.centred = centred;
    }

    /** Adam (torch.optim.Adam). */
    public static Builder builder() {
        return new Builder();
    }

    /** AMSGrad (torch.optim.Adam with amsgrad=True). */
    public static AmsGradBuilder amsgrad() {
        return new AmsGradBuilder();
    }

    /** AdamW (torch.optim.AdamW). */
    public static AdamWBuilder adamw() {
        return new AdamWBuilder();
    }

    /**
     * The beta1 of Adam and AMSGrad in the paper's table: 0.99 on ResNet-34, 0.9 on DenseNet-121.
     */
    private static double paperBeta1(PaperNetwork network) {
        return network == PaperNetwork.RESNET34 ? 0.99 : 0.9;
    }

    private static void checkMoments(Double beta1, Double beta2, Double eps) {
        Hyper.unit("beta1", beta1);
        Hyper.unit("beta2", beta2);
        Hyper.nonNegative("eps", eps);
    }

    /**
     * Adam's hyper-parameters: lr 1e-3, beta1 as the paper's table ({@link #paperBeta1}), beta2
     * 0.999, eps 1e-8, coupled L2 5e-4; {@code centred} off.
     */
    public record Options(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay,
            Boolean centred) implements OptimizerOptions {
        public Options {
            Hyper.positive("lr", lr);
            checkMoments(beta1, beta2, eps);
            Hyper.unit("weightDecay", weightDecay);
        }

        Options() {
            this(null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADAM;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            return new Options(Hyper.or(lr, 1e-3), Hyper.or(beta1, paperBeta1(network)),
                    Hyper.or(beta2, 0.999), Hyper.or(eps, 1e-8), Hyper.or(weightDecay, 5e-4),
                    centred);
        }

        @Override
        public Adam create(int batchSize) {
            return new Adam(this, beta1, beta2, eps, false, false, false,
                    Hyper.flag(centred, false));
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return Adam.twin(lr, beta1, beta2, eps, weightDecay, false, false, false,
                    Hyper.flag(centred, false), elements);
        }

        @Override
        public String variant() {
            return Hyper.variant("centred", centred, false);
        }
    }

    /** AMSGrad's hyper-parameters: Adam's but {@code centred}, with Adam's defaults. */
    public record AmsGradOptions(Double lr, Double beta1, Double beta2, Double eps,
            Double weightDecay) implements OptimizerOptions {
        public AmsGradOptions {
            Hyper.positive("lr", lr);
            checkMoments(beta1, beta2, eps);
            Hyper.unit("weightDecay", weightDecay);
        }

        AmsGradOptions() {
            this(null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.AMSGRAD;
        }

        @Override
        public AmsGradOptions resolve(PaperNetwork network, int batchSize) {
            return new AmsGradOptions(Hyper.or(lr, 1e-3), Hyper.or(beta1, paperBeta1(network)),
                    Hyper.or(beta2, 0.999), Hyper.or(eps, 1e-8), Hyper.or(weightDecay, 5e-4));
        }

        @Override
        public Adam create(int batchSize) {
            return new Adam(this, beta1, beta2, eps, true, false, false, false);
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return Adam.twin(lr, beta1, beta2, eps, weightDecay, true, false, false, false,
                    elements);
        }
    }

    /**
     * AdamW's hyper-parameters: lr 1e-3, beta1 0.9, beta2 0.999, eps 1e-8, the decoupled lambda
     * 5e-5; {@code nawd} and {@code centred} off.
     */
    public record AdamWOptions(Double lr, Double beta1, Double beta2, Double eps,
            Double weightDecay, Boolean nawd, Boolean centred) implements OptimizerOptions {
        public AdamWOptions {
            Hyper.positive("lr", lr);
            checkMoments(beta1, beta2, eps);
            Hyper.unit("weightDecay", weightDecay);
        }

        AdamWOptions() {
            this(null, null, null, null, null, null, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADAMW;
        }

        @Override
        public AdamWOptions resolve(PaperNetwork network, int batchSize) {
            return new AdamWOptions(Hyper.or(lr, 1e-3), Hyper.or(beta1, 0.9),
                    Hyper.or(beta2, 0.999), Hyper.or(eps, 1e-8), Hyper.or(weightDecay, 5e-5),
                    nawd, centred);
        }

        @Override
        public Adam create(int batchSize) {
            return new Adam(this, beta1, beta2, eps, false, true, Hyper.flag(nawd, false),
                    Hyper.flag(centred, false));
        }

        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return Adam.twin(lr, beta1, beta2, eps, weightDecay, false, true,
                    Hyper.flag(nawd, false), Hyper.flag(centred, false), elements);
        }

        @Override
        public String variant() {
            return Hyper.variant("NAWD", nawd, false) + Hyper.variant("centred", centred, false);
        }
    }

    /** The options every builder of the family has: betas and eps. */
    public abstract static class MomentBuilder<B extends MomentBuilder<B>>
            extends RuleBuilder<B> {
        protected Double beta1;
        protected Double beta2;
        protected Double eps;

        MomentBuilder() {}

        public B optBeta1(float v) {
            beta1 = (double) v;
            return self();
        }

        public B optBeta2(float v) {
            beta2 = (double) v;
            return self();
        }

        public B optEpsilon(float v) {
            eps = (double) v;
            return self();
        }
    }

    /** Adam's options: betas, eps and {@code centred}. */
    public static final class Builder extends MomentBuilder<Builder> {
        private Boolean centred;

        Builder() {}

        /** The second moment of d - m (the 2018 paper's section 2.2.8). */
        public Builder optCentred(boolean v) {
            centred = v;
            return this;
        }

        @Override
        public Adam build() {
            return new Options(lr, beta1, beta2, eps, weightDecay, centred).resolve(network, 0)
                    .create(0);
        }
    }

    /** AMSGrad's options: betas and eps. */
    public static final class AmsGradBuilder extends MomentBuilder<AmsGradBuilder> {
        AmsGradBuilder() {}

        @Override
        public Adam build() {
            return new AmsGradOptions(lr, beta1, beta2, eps, weightDecay).resolve(network, 0)
                    .create(0);
        }
    }

    /** AdamW's options: betas, eps, {@code nawd} and {@code centred}. */
    public static final class AdamWBuilder extends MomentBuilder<AdamWBuilder> {
        private Boolean nawd;
        private Boolean centred;

        AdamWBuilder() {}

        /** The decay after the step (the 2018 paper's NAWD, section 2.2.4). */
        public AdamWBuilder optNawd(boolean v) {
            nawd = v;
            return this;
        }

        /** The second moment of d - m (the 2018 paper's section 2.2.8). */
        public AdamWBuilder optCentred(boolean v) {
            centred = v;
            return this;
        }

        @Override
        public Adam build() {
            return new AdamWOptions(lr, beta1, beta2, eps, weightDecay, nawd, centred)
                    .resolve(network, 0).create(0);
        }
    }

    @Override
    protected List<Slot> slots() {
        return amsgrad ? List.of(new Slot("m", 0), new Slot("v", 0), new Slot("vmax", 0))
                : List.of(new Slot("m", 0), new Slot("v", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        double lr = this.lr * scheduleFactor();
        NDArray d = decoupled ? g : withL2(g, w, weightDecay);
        NDArray[] mv = Moments.update(s, d, c.b1(), c.b2(), amsgrad, centred);
        NDArray denom = mv[1].sqrt().muli(1 / Math.sqrt(c.bc2())).addi(c.eps());
        decay().apply(w, mv[0].div(denom).muli(lr / c.bc1()));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        Decay d = decay();
        return new MultiTensor.Call("adam", new double[] {c.b1(), c.b2(), 1 / Math.sqrt(c.bc2()),
            c.eps(), lr * scheduleFactor() / c.bc1(),
            decoupled ? 0 : weightDecay, d.before(), d.after()}, amsgrad, centred);
    }

    /** AdamW's decoupled lambda f, before the step unless nawd; none for Adam and AMSGrad. */
    private Decay decay() {
        return decoupled ? Decay.of(nawd, 1 - scheduleFactor() * weightDecay)
                : Decay.none();
    }

    @Override
    protected Kernel kernel(int t) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        float step = (float) (lr * scheduleFactor() / c.bc1());
        float wd = decoupled ? 0 : (float) weightDecay;
        Decay decay = decay();
        float root = (float) (1 / Math.sqrt(c.bc2()));
        float eps = (float) c.eps();
        boolean cen = centred;
        // a loop per variant, each its own lambda: one JIT profile per loop, so the loop C2
        // compiles (and vectorises) for Adam is not the one AMSGrad's running maximum shapes
        if (amsgrad) {
            return (w, g, s, n) -> {
                float[] m = s[0];
                float[] v = s[1];
                float[] max = s[2];
                for (int i = 0; i < n; i++) {
                    c.update(m, v, i, g[i] + wd * w[i], cen);
                    max[i] = Math.max(max[i], v[i]);
                    float den = (float) Math.sqrt(max[i]) * root + eps;
                    w[i] = decay.apply(w[i], step * m[i] / den);
                }
            };
        }
        return (w, g, s, n) -> {
            float[] m = s[0];
            float[] v = s[1];
            for (int i = 0; i < n; i++) {
                c.update(m, v, i, g[i] + wd * w[i], cen);
                w[i] = decay.apply(w[i], step * m[i] / ((float) Math.sqrt(v[i]) * root + eps));
            }
        };
    }

    /** The double-precision twin of Adam, AMSGrad and AdamW: {@code #adam} and {@code #adamw}. */
    private static ScalarRule twin(double lr, double b1, double b2, double eps, double wd,
            boolean ams, boolean decoupled, boolean nawd, boolean centred, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        return (w, g, t, f) -> {
            Moments c = Moments.of(b1, b2, eps, t);
            double step = lr * f / c.bc1();
            double root = Math.sqrt(c.bc2());
            Decay decay = decoupled ? Decay.of(nawd, 1 - f * wd) : Decay.none();
            for (int i = 0; i < n; i++) {
                double d = decoupled ? g[i] : g[i] + wd * w[i];
                vmax[i] = Math.max(vmax[i], Moments.update(m, v, i, d, b1, b2, centred));
                double vv = ams ? vmax[i] : v[i];
                w[i] = decay.apply(w[i], step * m[i] / (Math.sqrt(vv) / root + eps));
            }
        };
    }
}

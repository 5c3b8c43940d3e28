package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

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
    private final boolean amsgrad;
    private final boolean decoupled;
    private final boolean nawd;
    private final boolean centred;

    Adam(Builder b) {
        super(b);
        amsgrad = kind() == OptimizerKind.AMSGRAD;
        decoupled = kind() == OptimizerKind.ADAMW;
        nawd = flag(HyperParameter.NAWD);
        centred = flag(HyperParameter.CENTRED);
    }

    /** Adam (torch.optim.Adam). */
    public static Builder builder() {
        return new Builder(OptimizerKind.ADAM);
    }

    /** AMSGrad (torch.optim.Adam with amsgrad=True). */
    public static Builder amsgrad() {
        return new Builder(OptimizerKind.AMSGRAD);
    }

    /** AdamW (torch.optim.AdamW). */
    public static Builder adamw() {
        return new Builder(OptimizerKind.ADAMW);
    }

    /**
     * The options of the Adam family: betas and eps; {@code centred} (Adam, AdamW) and {@code
     * nawd} (AdamW), refused when set on a kind that lacks them.
     */
    public static final class Builder extends RuleBuilder<Builder, Adam>
            implements Options.Beta1<Builder>, Options.Beta2<Builder>, Options.Epsilon<Builder>,
            Options.Centred<Builder>, Options.Nawd<Builder> {
        Builder(OptimizerKind kind) {
            super(kind, Adam::new);
        }
    }

    @Override
    protected List<Slot> slots() {
        return amsgrad ? List.of(new Slot("m", 0), new Slot("v", 0), new Slot("vmax", 0))
                : List.of(new Slot("m", 0), new Slot("v", 0));
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        Moments c = Moments.of(spec(), t);
        double lr = number(LR) * scheduleFactor();
        double wd = number(WEIGHT_DECAY);
        NDArray d = decoupled ? g : withL2(g, w, wd);
        NDArray[] mv = Moments.update(s, d, c.b1(), c.b2(), amsgrad, centred);
        NDArray denom = mv[1].sqrt().muli(1 / Math.sqrt(c.bc2())).addi(c.eps());
        decay().apply(w, mv[0].div(denom).muli(lr / c.bc1()));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(spec(), t);
        Decay d = decay();
        return new MultiTensor.Call("adam", new double[] {c.b1(), c.b2(), 1 / Math.sqrt(c.bc2()),
            c.eps(), number(LR) * scheduleFactor() / c.bc1(),
            decoupled ? 0 : number(WEIGHT_DECAY), d.before(), d.after()}, amsgrad, centred);
    }

    /** AdamW's decoupled lambda f, before the step unless nawd; none for Adam and AMSGrad. */
    private Decay decay() {
        return decoupled ? Decay.of(nawd, 1 - scheduleFactor() * number(WEIGHT_DECAY))
                : Decay.none();
    }

    @Override
    protected Kernel kernel(int t) {
        Moments c = Moments.of(spec(), t);
        float step = (float) (number(LR) * scheduleFactor() / c.bc1());
        float wd = decoupled ? 0 : (float) number(WEIGHT_DECAY);
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
    static ScalarRule twin(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double b1 = o.number(HyperParameter.BETA1);
        double b2 = o.number(HyperParameter.BETA2);
        double eps = o.number(HyperParameter.EPS);
        double wd = o.number(WEIGHT_DECAY);
        boolean ams = o.kind() == OptimizerKind.AMSGRAD;
        boolean decoupled = o.kind() == OptimizerKind.ADAMW;
        boolean nawd = o.variant(HyperParameter.NAWD);
        boolean centred = o.variant(HyperParameter.CENTRED);
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        return (w, g, t, f) -> {
            Moments c = Moments.of(o, t);
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

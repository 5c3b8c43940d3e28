package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.FINAL_LR;
import static org.adabayes.optim.HyperParameter.GAMMA;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

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
    private final boolean amsbound;

    AdaBound(Builder b) {
        super(b);
        amsbound = kind() == OptimizerKind.AMSBOUND;
    }

    /** AdaBound. */
    public static Builder builder() {
        return new Builder(OptimizerKind.ADABOUND);
    }

    /** AMSBound: AdaBound on the running maximum of v. */
    public static Builder amsbound() {
        return new Builder(OptimizerKind.AMSBOUND);
    }

    /** The options of AdaBound and AMSBound: betas, eps, the final rate and gamma. */
    public static final class Builder extends RuleBuilder<Builder, AdaBound>
            implements Options.Beta1<Builder>, Options.Beta2<Builder>, Options.Epsilon<Builder>,
            Options.FinalLr<Builder>, Options.Gamma<Builder> {
        Builder(OptimizerKind kind) {
            super(kind, AdaBound::new);
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
        double fin = number(FINAL_LR) * f;
        double gamma = number(GAMMA);
        return new double[] {number(LR) * f * Math.sqrt(c.bc2()) / c.bc1(),
            fin * (1 - 1 / (gamma * t + 1)), fin * (1 + 1 / (gamma * t))};
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        Moments c = Moments.of(spec(), t);
        double[] b = bounds(c, t);
        NDArray[] mv = Moments.update(s, withL2(g, w, number(WEIGHT_DECAY)), c.b1(), c.b2(),
                amsbound, false);
        NDArray rate = mv[1].sqrt().addi(c.eps()).powi(-1).muli(b[0]).clip(b[1], b[2]);
        w.subi(rate.muli(mv[0]));
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        Moments c = Moments.of(spec(), t);
        double[] b = bounds(c, t);
        return new MultiTensor.Call("adabound", new double[] {c.b1(), c.b2(), c.eps(), b[0], b[1],
            b[2], number(WEIGHT_DECAY)}, amsbound);
    }

    @Override
    protected Kernel kernel(int t) {
        Moments c = Moments.of(spec(), t);
        double[] b = bounds(c, t);
        float size = (float) b[0];
        float lower = (float) b[1];
        float upper = (float) b[2];
        float wd = (float) number(WEIGHT_DECAY);
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
    static ScalarRule twin(OptimizerSpec o, int batch, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        boolean ams = o.kind() == OptimizerKind.AMSBOUND;
        double b1 = o.number(HyperParameter.BETA1);
        double b2 = o.number(HyperParameter.BETA2);
        double gamma = o.number(GAMMA);
        double wd = o.number(WEIGHT_DECAY);
        double eps = o.number(HyperParameter.EPS);
        return (w, g, t, f) -> {
            Moments c = Moments.of(o, t);
            double step = o.number(LR) * f * Math.sqrt(c.bc2()) / c.bc1();
            double fin = o.number(FINAL_LR) * f;
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

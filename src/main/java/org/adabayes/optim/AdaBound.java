package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.FINAL_LR;
import static org.adabayes.optim.HyperParameter.GAMMA;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * AdaBound and AMSBound (Luo et al. 2019) as the authors' code ({@code
 * docs/equations.md#adabound}): coupled L2, Adam moments (AMSBound keeps max v), step = lr f
 * sqrt(1-b2^t)/(1-b1^t), the per-element rate step/(sqrt(v)+eps) clipped to
 * [final (1 - 1/(gamma t + 1)), final (1 + 1/(gamma t))] with final = finalLr f, times m.
 */
public final class AdaBound extends StatefulOptimizer {
    private final boolean amsbound;

    AdaBound(HarnessBuilder<?> b) {
        super(b);
        amsbound = kind() == OptimizerKind.AMSBOUND;
    }

    public static HarnessBuilder<AdaBound> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADABOUND, AdaBound::new);
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
        NDArray[] mv = moments(s, withL2(g, w, number(WEIGHT_DECAY)), c.b1(), c.b2(), amsbound);
        NDArray rate = mv[1].sqrt().addi(c.eps()).powi(-1).muli(b[0]).clip(b[1], b[2]);
        w.subi(rate.muli(mv[0]));
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
        boolean ams = amsbound;
        return (w, g, s, n) -> {
            float[] m = s[0];
            float[] v = s[1];
            float[] max = ams ? s[2] : s[1];
            for (int i = 0; i < n; i++) {
                float vv = c.updateWithMax(m, v, max, i, g[i] + wd * w[i], false);
                float rate = Math.min(upper, Math.max(lower, size
                        / ((float) Math.sqrt(vv) + eps)));
                w[i] -= rate * m[i];
            }
        };
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaBound and AMSBound (Luo et al. 2019) as the authors' code ({@code
 * docs/equations.md#adabound}): coupled L2, Adam moments (AMSBound keeps max v), step = lr f
 * sqrt(1-b2^t)/(1-b1^t), the per-element rate step/(sqrt(v)+eps) clipped to
 * [final (1 - 1/(gamma t + 1)), final (1 + 1/(gamma t))] with final = finalLr f, times m.
 */
public final class AdaBound extends StatefulOptimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final float finalLr;
    private final float gamma;
    private final boolean amsbound;

    AdaBound(HarnessBuilder<?> b) {
        super(b);
        lr = param(HyperParameter.LR);
        beta1 = param(HyperParameter.BETA1);
        beta2 = param(HyperParameter.BETA2);
        eps = param(HyperParameter.EPS);
        weightDecay = param(HyperParameter.WEIGHT_DECAY);
        finalLr = param(HyperParameter.FINAL_LR);
        gamma = param(HyperParameter.GAMMA);
        amsbound = kind() == OptimizerKind.AMSBOUND;
    }

    public static HarnessBuilder<AdaBound> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADABOUND, AdaBound::new);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray[] mv = moments(s, withL2(g, w, weightDecay), beta1, beta2, amsbound);
        NDArray m = mv[0];
        NDArray v = mv[1];
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        double stepSize = lr * scheduleFactor() * Math.sqrt(bc2) / bc1;
        double fin = finalLr * scheduleFactor();
        double lower = fin * (1 - 1 / (gamma * (double) t + 1));
        double upper = fin * (1 + 1 / (gamma * (double) t));
        NDArray rate = v.sqrt().addi(eps).powi(-1).muli(f(stepSize)).clip(f(lower), f(upper));
        w.subi(rate.muli(m));
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adam, AMSGrad and AdamW exactly as torch.optim.Adam and torch.optim.AdamW (the paper's
 * baselines, {@code docs/equations.md#adam} and {@code #adamw}): Adam and AMSGrad decay by coupled
 * L2, d = g + wd w; AdamW shrinks the weights first, w *= 1 - lambda f, and uses d = g. Then
 * m = b1 m + (1-b1) d; v = b2 v + (1-b2) d^2 (AMSGrad: vmax = max(vmax, v));
 * w -= lr f / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps). DJL's built-in Adam adds eps to
 * the uncorrected sqrt(v), a different rule early in training, so it is not used.
 */
public final class Adam extends StatefulOptimizer {
    private final float lr;
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private final boolean amsgrad;
    private final boolean decoupled;

    Adam(HarnessBuilder<?> b) {
        super(b);
        lr = param(HyperParameter.LR);
        beta1 = param(HyperParameter.BETA1);
        beta2 = param(HyperParameter.BETA2);
        eps = param(HyperParameter.EPS);
        weightDecay = param(HyperParameter.WEIGHT_DECAY);
        amsgrad = kind() == OptimizerKind.AMSGRAD;
        decoupled = kind() == OptimizerKind.ADAMW;
    }

    public static HarnessBuilder<Adam> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADAM, Adam::new);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        double lrT = lr * scheduleFactor();
        NDArray d = g;
        if (decoupled) {
            if (weightDecay != 0) {
                w.muli(f(1 - lrT / lr * weightDecay));
            }
        } else {
            d = withL2(g, w, weightDecay);
        }
        NDArray[] mv = moments(s, d, beta1, beta2, amsgrad);
        NDArray m = mv[0];
        NDArray v = mv[1];
        double bc1 = 1 - Math.pow(beta1, t);
        double bc2 = 1 - Math.pow(beta2, t);
        NDArray denom = v.sqrt().muli(f(1 / Math.sqrt(bc2))).addi(eps);
        w.subi(m.div(denom).muli(f(lrT / bc1)));
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaGrad as torch.optim.Adagrad (lr_decay 0, initial accumulator 0), coupled L2:
 * d = g + wd w; s += d^2; w -= lr f d / (sqrt(s) + eps) ({@code docs/equations.md#adagrad}).
 */
public final class AdaGrad extends StatefulOptimizer {
    private final float lr;
    private final float eps;
    private final float weightDecay;

    AdaGrad(HarnessBuilder<?> b) {
        super(b);
        lr = param(HyperParameter.LR);
        eps = param(HyperParameter.EPS);
        weightDecay = param(HyperParameter.WEIGHT_DECAY);
    }

    public static HarnessBuilder<AdaGrad> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADAGRAD, AdaGrad::new);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, weightDecay);
        NDArray sum = s.get("sum", 0f).addi(d.square());
        w.subi(d.div(sum.sqrt().addi(eps)).muli(f(lr * scheduleFactor())));
    }
}

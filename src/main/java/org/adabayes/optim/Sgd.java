package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * SGD with heavy-ball momentum in PyTorch's form (torch.optim.SGD, dampening 0), which the paper's
 * baselines used: d = g + wd w; b = mu b + d (b = d at the first step); w -= lr f b
 * ({@code docs/equations.md#sgd}). DJL's own Sgd is not used because its state cannot be
 * checkpointed.
 */
public final class Sgd extends StatefulOptimizer {
    private final float lr;
    private final float momentum;
    private final float weightDecay;

    Sgd(HarnessBuilder<?> b) {
        super(b);
        lr = param(HyperParameter.LR);
        momentum = param(HyperParameter.MOMENTUM);
        weightDecay = param(HyperParameter.WEIGHT_DECAY);
    }

    public static HarnessBuilder<Sgd> builder() {
        return new HarnessBuilder<>(OptimizerKind.SGD, Sgd::new);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, weightDecay);
        NDArray step = d;
        if (momentum != 0) {
            step = s.get("momentum", 0f).muli(momentum).addi(d);
        }
        w.subi(step.mul(f(lr * scheduleFactor())));
    }
}

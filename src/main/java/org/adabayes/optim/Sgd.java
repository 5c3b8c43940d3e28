package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * SGD with heavy-ball momentum in PyTorch's form (torch.optim.SGD, dampening 0), which the paper's
 * baselines used: d = g + wd w; b = mu b + d (b = d at the first step); w -= lr f b. DJL's own Sgd
 * is not used because its state cannot be checkpointed.
 */
public final class Sgd extends StatefulOptimizer {
    private final float lr;
    private final float momentum;
    private final float weightDecay;

    private Sgd(Builder b) {
        super(b);
        this.lr = b.lr;
        this.momentum = b.momentum;
        this.weightDecay = b.weightDecay;
    }

    public static Builder builder() {
        return new Builder();
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

    /** Builder in DJL's shape. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float lr = 0.1f;
        private float momentum = 0.9f;
        private float weightDecay = 5e-4f;

        public Builder optLearningRate(float v) {
            lr = v;
            return this;
        }

        public Builder optMomentum(float v) {
            momentum = v;
            return this;
        }

        public Builder optWeightDecay(float v) {
            weightDecay = v;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public Sgd build() {
            Checks.positive("lr", lr);
            Checks.unit("momentum", momentum);
            Checks.unit("weightDecay", weightDecay);
            return new Sgd(this);
        }
    }
}

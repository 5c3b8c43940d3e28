package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaGrad as torch.optim.Adagrad (lr_decay 0, initial accumulator 0), coupled L2:
 * d = g + wd w; s += d^2; w -= lr f d / (sqrt(s) + eps).
 */
public final class AdaGrad extends StatefulOptimizer {
    private final float lr;
    private final float eps;
    private final float weightDecay;

    private AdaGrad(Builder b) {
        super(b);
        lr = b.lr;
        eps = b.eps;
        weightDecay = b.weightDecay;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray g, Slots s) {
        NDArray d = withL2(g, w, weightDecay);
        NDArray sum = s.get("sum", 0f).addi(d.square());
        w.subi(d.div(sum.sqrt().addi(eps)).muli(f(lr * scheduleFactor())));
    }

    /** Builder in DJL's shape. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float lr = 0.01f;
        private float eps = 1e-10f;
        private float weightDecay = 5e-4f;

        public Builder optLearningRate(float v) {
            lr = v;
            return this;
        }

        public Builder optEpsilon(float v) {
            eps = v;
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

        public AdaGrad build() {
            Checks.positive("lr", lr);
            Checks.nonNegative("eps", eps);
            Checks.unit("weightDecay", weightDecay);
            return new AdaGrad(this);
        }
    }
}

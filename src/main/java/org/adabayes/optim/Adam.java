package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * Adam and AMSGrad exactly as torch.optim.Adam (the paper's baselines), coupled L2 weight decay:
 * d = g + wd w; m = b1 m + (1-b1) d; v = b2 v + (1-b2) d^2 (AMSGrad: vmax = max(vmax, v));
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

    Adam(Builder b, boolean decoupled) {
        super(b);
        this.lr = b.lr;
        this.beta1 = b.beta1;
        this.beta2 = b.beta2;
        this.eps = b.eps;
        this.weightDecay = b.weightDecay;
        this.amsgrad = b.amsgrad;
        this.decoupled = decoupled;
    }

    public static Builder builder() {
        return new Builder();
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

    /** Builder in DJL's shape; {@code optAmsgrad(true)} gives AMSGrad. */
    public static class Builder extends OptimizerBuilder<Builder> {
        float lr = 1e-3f;
        float beta1 = 0.9f;
        float beta2 = 0.999f;
        float eps = 1e-8f;
        float weightDecay = 5e-4f;
        boolean amsgrad;

        public Builder optLearningRate(float v) {
            lr = v;
            return this;
        }

        public Builder optBeta1(float v) {
            beta1 = v;
            return this;
        }

        public Builder optBeta2(float v) {
            beta2 = v;
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

        public Builder optAmsgrad(boolean v) {
            amsgrad = v;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        void check() {
            Checks.positive("lr", lr);
            Checks.unit("beta1", beta1);
            Checks.unit("beta2", beta2);
            Checks.nonNegative("eps", eps);
            Checks.unit("weightDecay", weightDecay);
        }

        public Adam build() {
            check();
            return new Adam(this, false);
        }
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * AdaBound and AMSBound (Luo et al. 2019) as the authors' code: coupled L2, Adam moments (AMSBound
 * keeps max v), step = lr f sqrt(1-b2^t)/(1-b1^t), the per-element rate step/(sqrt(v)+eps) clipped
 * to [final (1 - 1/(gamma t + 1)), final (1 + 1/(gamma t))] with final = finalLr f, times m.
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

    private AdaBound(Builder b) {
        super(b);
        lr = b.lr;
        beta1 = b.beta1;
        beta2 = b.beta2;
        eps = b.eps;
        weightDecay = b.weightDecay;
        finalLr = b.finalLr;
        gamma = b.gamma;
        amsbound = b.amsbound;
    }

    public static Builder builder() {
        return new Builder();
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

    /** Builder in DJL's shape; {@code optAmsbound(true)} gives AMSBound. */
    public static final class Builder extends OptimizerBuilder<Builder> {
        private float lr = 1e-3f;
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float eps = 1e-8f;
        private float weightDecay = 5e-4f;
        private float finalLr = 0.1f;
        private float gamma = 1e-3f;
        private boolean amsbound;

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

        public Builder optFinalLr(float v) {
            finalLr = v;
            return this;
        }

        public Builder optGamma(float v) {
            gamma = v;
            return this;
        }

        public Builder optAmsbound(boolean v) {
            amsbound = v;
            return this;
        }

        @Override
        protected Builder self() {
            return this;
        }

        public AdaBound build() {
            Checks.positive("lr", lr);
            Checks.positive("finalLr", finalLr);
            Checks.positive("gamma", gamma);
            Checks.unit("beta1", beta1);
            Checks.unit("beta2", beta2);
            Checks.nonNegative("eps", eps);
            Checks.unit("weightDecay", weightDecay);
            return new AdaBound(this);
        }
    }
}

package org.adabayes.optim;

/**
 * The Adam-family scalars of one step, shared by Adam, AMSGrad, AdamW, AdaBound, AMSBound and
 * AdaBayes-FP: the moment decays, eps, the bias corrections 1 - beta^t, and the decays' float32
 * forms for the fused kernels.
 */
record Moments(double b1, double b2, double eps, double bc1, double bc2, float f1, float c1,
        float f2, float c2) {
    static Moments of(OptimizerSpec s, int t) {
        double b1 = s.number(HyperParameter.BETA1);
        double b2 = s.number(HyperParameter.BETA2);
        return new Moments(b1, b2, s.number(HyperParameter.EPS), 1 - Math.pow(b1, t),
                1 - Math.pow(b2, t), (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2));
    }

    /** As {@link #update}, the second moment centred on the new m when {@code centred}. */
    void update(float[] m, float[] v, int i, float d, boolean centred) {
        float mi = f1 * m[i] + c1 * d;
        float e = centred ? d - mi : d;
        m[i] = mi;
        v[i] = f2 * v[i] + c2 * e * e;
    }

    /** m = b1 m + (1 - b1) d and v = b2 v + (1 - b2) d^2 for one element, as torch.optim. */
    void update(float[] m, float[] v, int i, float d) {
        m[i] = f1 * m[i] + c1 * d;
        v[i] = f2 * v[i] + c2 * d * d;
    }
}

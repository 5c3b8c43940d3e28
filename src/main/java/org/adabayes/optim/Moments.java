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

    /**
     * m = b1 m + (1 - b1) d and v = b2 v + (1 - b2) e^2 for one element, as torch.optim, with
     * e = d, or d - m (the new m) when {@code centred}.
     */
    void update(float[] m, float[] v, int i, float d, boolean centred) {
        float mi = f1 * m[i] + c1 * d;
        float e = centred ? d - mi : d;
        m[i] = mi;
        v[i] = f2 * v[i] + c2 * e * e;
    }

    /**
     * {@link #update(float[], float[], int, float, boolean)}, then the running maximum of v kept
     * in {@code max} (AMSGrad, AMSBound; {@code max} is v itself for the others); returns it.
     */
    float updateWithMax(float[] m, float[] v, float[] max, int i, float d, boolean centred) {
        update(m, v, i, d, centred);
        max[i] = Math.max(max[i], v[i]);
        return max[i];
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * Adam's moment averages, m = b1 m + (1 - b1) d and v = b2 v + (1 - b2) e^2 with e = d (or d - m,
 * the new m, when {@code centred}: the 2018 paper's section 2.2.8, {@code
 * docs/equations.md#centred}), written once per form for every rule that keeps them (Adam,
 * AMSGrad, AdamW, AdaBound, AMSBound, AdaBayes-FP, AdaBayes-KF): NDArray, fused float32 and the
 * twins' double. An instance holds one step's scalars: the decays, eps, the bias corrections
 * 1 - beta^t and the decays' float32 forms for the fused kernels.
 */
record Moments(double b1, double b2, double eps, double bc1, double bc2, float f1, float c1,
        float f2, float c2) {
    static Moments of(double b1, double b2, double eps, int t) {
        return new Moments(b1, b2, eps, 1 - Math.pow(b1, t),
                1 - Math.pow(b2, t), (float) b1, (float) (1 - b1), (float) b2, (float) (1 - b2));
    }

    /** Fused form: the moments of one element. */
    void update(float[] m, float[] v, int i, float d, boolean centred) {
        float mi = f1 * m[i] + c1 * d;
        float e = centred ? d - mi : d;
        m[i] = mi;
        v[i] = f2 * v[i] + c2 * e * e;
    }

    /**
     * NDArray form, in place on the slots "m" and "v"; with {@code keepMax} the running maximum of
     * v (slot "vmax") is updated and returned in place of v.
     *
     * @return {m, v or max v}
     */
    static NDArray[] update(Slots s, NDArray d, double beta1, double beta2, boolean keepMax,
            boolean centred) {
        NDArray m = s.get("m", 0).muli(beta1).addi(d.mul(1 - beta1));
        NDArray e = centred ? d.sub(m) : d;
        NDArray v = s.get("v", 0).muli(beta2).addi(e.square().muli(1 - beta2));
        if (keepMax) {
            v = s.get("vmax", 0).maximum(v);
            s.replace("vmax", v);
        }
        return new NDArray[] {m, v};
    }

    /** Double form (the twins), for element i; returns the new v. */
    static double update(double[] m, double[] v, int i, double d, double b1, double b2,
            boolean centred) {
        m[i] = b1 * m[i] + (1 - b1) * d;
        double e = centred ? d - m[i] : d;
        v[i] = b2 * v[i] + (1 - b2) * e * e;
        return v[i];
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;

/**
 * Where a rule's decoupled weight decay goes relative to its gradient step: before it (the
 * gradient was taken at the undecayed weights, torch.optim.AdamW's order) or after it, so that
 * the next gradient is taken at the decayed weights (the 2018 paper's NAWD, and the AdaBayes
 * author's order). {@code docs/equations.md#nawd}. Written once per form: NDArray, fused float32
 * and the twins' double.
 */
final class Decay {
    private final double before;
    private final double after;
    private final float beforeF;
    private final float afterF;

    private Decay(double before, double after) {
        this.before = before;
        this.after = after;
        this.beforeF = (float) before;
        this.afterF = (float) after;
    }

    /** The decay of factor {@code shrink} (1 - lambda, or 1 - lambda f), NAWD or not. */
    static Decay of(boolean nawd, double shrink) {
        return nawd ? new Decay(1, shrink) : new Decay(shrink, 1);
    }

    /** No decoupled decay (the coupled-L2 rules). */
    static Decay none() {
        return new Decay(1, 1);
    }

    /** The factor applied before the step. */
    double before() {
        return before;
    }

    /** The factor applied after the step. */
    double after() {
        return after;
    }

    /** The weight after a step {@code delta}, in float32 as the fused kernels compute it. */
    float apply(float w, float delta) {
        return (w * beforeF - delta) * afterF;
    }

    /** The weight after a step {@code delta}, in double precision as the twins compute it. */
    double apply(double w, double delta) {
        return (w * before - delta) * after;
    }

    /** Applies the decay and the step {@code delta} to {@code w} in place. */
    void apply(NDArray w, NDArray delta) {
        if (before != 1) {
            w.muli(before);
        }
        w.subi(delta);
        if (after != 1) {
            w.muli(after);
        }
    }
}

package org.adabayes.optim;

/** The three forms a step can take, for tests that hold each to the same reference. */
enum StepPath {
    /** The fused CPU kernel (float32 CPU tensors: every CPU run). */
    FUSED(true, true),
    /** One multi-tensor call for all tensors (what a GPU, or float64, runs). */
    MULTI_TENSOR(false, true),
    /** The per-tensor NDArray form (traced parameters, and the fallback). */
    PER_TENSOR(false, false);

    private final boolean fused;
    private final boolean multiTensor;

    StepPath(boolean fused, boolean multiTensor) {
        this.fused = fused;
        this.multiTensor = multiTensor;
    }

    /** Sets {@code opt} to take this path (where the tensors allow it). */
    <O extends StatefulOptimizer> O on(O opt) {
        opt.setFused(fused);
        opt.setMultiTensor(multiTensor);
        return opt;
    }
}

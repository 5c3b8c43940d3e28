package org.adabayes.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import java.io.IOException;
import java.util.List;
import org.adabayes.optim.StatefulOptimizer;

/**
 * One whole optimizer step as {@link OptimizerBench} takes it: all tensors in one call, as
 * training does (DJL's built-in, which has no such call, one tensor at a time), timed or counted
 * in native calls.
 */
final class OptimizerSteps {
    private OptimizerSteps() {}

    /** One whole step of every tensor, as training takes it, in ms. */
    static double ms(Optimizer opt, List<String> ids, List<NDArray> w,
            List<NDArray> grads) {
        long t0 = System.nanoTime();
        if (opt instanceof StatefulOptimizer so) {
            so.updateAll(ids, w, grads);
        } else {
            for (int k = 0; k < w.size(); k++) {
                opt.update(ids.get(k), w.get(k), grads.get(k));
            }
        }
        w.get(w.size() - 1).toFloatArray();
        return (System.nanoTime() - t0) / 1e6;
    }

    /**
     * Each optimizer's native calls for one whole step: {calls and operators of the multi-tensor
     * step (DJL's Adam: its own per-tensor op), calls of the per-tensor NDArray form}.
     */
    static int[][] calls(List<Optimizer> opts, List<String> ids,
            List<List<NDArray>> weights, List<NDArray> grads) throws IOException {
        int[][] calls = new int[3][opts.size()];
        for (int o = 0; o < opts.size(); o++) {
            Optimizer opt = opts.get(o);
            List<NDArray> w = weights.get(o);
            if (opt instanceof StatefulOptimizer so) {
                so.setFused(false);
                NativeCalls.Count c = NativeCalls.measure(() -> so.updateAll(ids, w, grads));
                calls[0][o] = c.calls();
                calls[1][o] = c.ops();
                so.setMultiTensor(false);
                calls[2][o] = NativeCalls.count(() -> so.updateAll(ids, w, grads));
                so.setMultiTensor(true);
                so.setFused(true);
            } else {
                NativeCalls.Count c = NativeCalls.measure(() -> {
                    for (int k = 0; k < w.size(); k++) {
                        opt.update(ids.get(k), w.get(k), grads.get(k));
                    }
                });
                calls[0][o] = c.calls();
                calls[1][o] = c.ops();
            }
        }
        return calls;
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * Chooses, per tensor of one optimizer step, which form of the rule runs: the fused kernel for a
 * float32 CPU tensor (all of them in one parallel pass, {@link FusedCpu}), the NDArray form for
 * anything else (a GPU's tensor, float64, a parameter the LR trace samples, a Kronecker-factored
 * layer). The NDArray form's temporaries live in a scope closed after each tensor, so memory stays
 * flat however many steps run, and the gradient is zeroed after the update.
 */
final class StepDispatch {
    private StepDispatch() {}

    static void run(StatefulOptimizer o, List<String> ids, List<NDArray> weights,
            List<NDArray> grads) {
        List<FusedCpu.Job> jobs = new ArrayList<>();
        LrTrace trace = o.trace();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            NDArray w = weights.get(i);
            NDArray g = grads.get(i);
            int t = o.state().nextStep(id);
            Slots s = o.state().slots(id, w);
            List<NDArray> slotArrays = new ArrayList<>();
            for (StatefulOptimizer.Slot slot : o.slots()) {
                slotArrays.add(s.get(slot.name(), slot.init()));
            }
            boolean traced = trace != null && trace.samples(id);
            if (o.fused() && !traced && o.fusable(id) && FusedCpu.accepts(w, g, slotArrays)) {
                jobs.add(new FusedCpu.Job(o.kernel(t), w, g, slotArrays));
                continue;
            }
            try (NDScope scope = new NDScope()) {
                o.step(id, t, w, g, s);
                if (w.hasGradient()) {
                    if (w instanceof PtNDArray pt) {
                        JniUtils.zeroGrad(pt);
                    } else {
                        g.subi(g);
                    }
                }
            }
        }
        FusedCpu.run(jobs);
    }
}

package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * Chooses, per tensor of one optimizer step, which form of the rule runs: the fused kernel for a
 * float32 CPU tensor (all of them in one parallel pass, {@link FusedCpu}); for the others (a
 * GPU's tensors, float64) the multi-tensor step, one call for all the tensors of one device,
 * dtype and step count ({@link MultiTensor}); the per-tensor NDArray form for what remains (a
 * parameter the LR trace samples, a Kronecker-factored layer, or everything when the module is
 * off or missing). The NDArray form's temporaries live in a scope closed after each tensor, so
 * memory stays flat however many steps run, and every gradient is zeroed after its update.
 */
final class StepDispatch {
    private StepDispatch() {}

    /** Tensors that one multi-tensor call steps together. */
    private record Group(int t, String device, String dtype) {}

    /**
     * A group's arrays: weights, gradients, per tensor the state arrays, and the weights' own
     * gradients to zero (handles of this step, closed after it).
     */
    private record Members(List<NDArray> weights, List<NDArray> grads, List<List<NDArray>> slots,
            List<NDArray> own) {}

    static void run(StatefulOptimizer o, List<String> ids, List<NDArray> weights,
            List<NDArray> grads) {
        List<FusedCpu.Job> jobs = new ArrayList<>();
        Map<Group, Members> groups = new LinkedHashMap<>();
        boolean multi = o.multiTensor() && MultiTensor.available() && o.multiTensor(1) != null;
        LrTrace trace = o.trace();
        int oneByOne = 0;
        int multiTensors = 0;
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
            boolean elementWise = o.fusable(id) && (trace == null || !trace.samples(id));
            if (elementWise && o.fused() && FusedCpu.accepts(w, g, slotArrays)) {
                jobs.add(new FusedCpu.Job(o.kernel(t), w, g, slotArrays));
            } else if (elementWise && multi && w instanceof PtNDArray && g instanceof PtNDArray) {
                Members m = groups.computeIfAbsent(new Group(t, w.getDevice().toString(),
                        w.getDataType().name()), k -> new Members(new ArrayList<>(),
                                new ArrayList<>(), new ArrayList<>(), new ArrayList<>()));
                m.weights().add(w);
                m.grads().add(g);
                m.slots().add(slotArrays);
                if (w.hasGradient()) {
                    m.own().add(w.getGradient());
                }
                multiTensors++;
            } else {
                stepOne(o, id, t, w, g, s);
                oneByOne++;
            }
        }
        for (Map.Entry<Group, Members> e : groups.entrySet()) {
            Members m = e.getValue();
            List<NDArray> state = new ArrayList<>();
            for (int k = 0; k < o.slots().size(); k++) {
                for (List<NDArray> perTensor : m.slots()) {
                    state.add(perTensor.get(k));
                }
            }
            try {
                MultiTensor.run(o.multiTensor(e.getKey().t()), m.weights(), m.grads(), state,
                        m.own());
            } finally {
                m.own().forEach(NDArray::close);
            }
        }
        FusedCpu.run(jobs);
        o.recordStep(new StatefulOptimizer.StepCounts(jobs.size(), groups.size(), multiTensors,
                oneByOne));
    }

    private static void stepOne(StatefulOptimizer o, String id, int t, NDArray w, NDArray g,
            Slots s) {
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
}

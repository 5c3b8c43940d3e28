package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.SIGMA2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.optim.OptimizerState.Slots;

/**
 * AdaBayes-KF's Kronecker-factored layers stepped together: the matrix step of {@link
 * AdaBayesKf#step}, layer by layer, inside one call of the multi-tensor module (its {@code
 * adabayes-kf-layers} branch), so a GPU's host makes one call per step for all of them where the
 * NDArray form makes about fifteen per layer. Eigendecompositions due at this step are refreshed
 * first, in Java, as the NDArray form does.
 */
final class KfLayerStep {
    private KfLayerStep() {}

    /** Steps many tensors (the rule's {@code updateAll} for everything but the layers). */
    @FunctionalInterface
    interface Others {
        void update(List<String> ids, List<NDArray> weights, List<NDArray> grads);
    }

    /**
     * Splits a step: the factored layers (those the LR trace does not sample) here, everything
     * else through {@code others}.
     */
    static void updateAll(AdaBayesKf kf, List<String> ids, List<NDArray> weights,
            List<NDArray> grads, Others others) {
        List<Integer> layers = new ArrayList<>();
        List<String> otherIds = new ArrayList<>();
        List<NDArray> otherW = new ArrayList<>();
        List<NDArray> otherG = new ArrayList<>();
        boolean multi = kf.multiTensor() && MultiTensor.available();
        LrTrace trace = kf.trace();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (multi && kf.state().has(id, AdaBayesKf.A) && weights.get(i) instanceof PtNDArray
                    && grads.get(i) instanceof PtNDArray
                    && (trace == null || !trace.samples(id))) {
                layers.add(i);
            } else {
                otherIds.add(id);
                otherW.add(weights.get(i));
                otherG.add(grads.get(i));
            }
        }
        others.update(otherIds, otherW, otherG);
        Map<Integer, List<Integer>> byStep = new TreeMap<>();
        for (int i : layers) {
            byStep.computeIfAbsent(kf.state().nextStep(ids.get(i)), k -> new ArrayList<>()).add(i);
        }
        byStep.forEach((t, at) -> run(kf, t, at, ids, weights, grads));
    }

    /** One multi-tensor call over the factored layers {@code at}, all at step {@code t}. */
    static void run(AdaBayesKf kf, int t, List<Integer> at, List<String> ids,
            List<NDArray> weights, List<NDArray> grads) {
        Moments c = Moments.of(kf.spec(), t);
        String[] slots = {"m", "kf.U", "kf.V", "kf.a", "kf.s"};
        List<NDArray> w = new ArrayList<>();
        List<NDArray> g = new ArrayList<>();
        List<NDArray> own = new ArrayList<>();
        List<List<NDArray>> state = new ArrayList<>();
        for (String slot : slots) {
            state.add(new ArrayList<>());
        }
        for (int i : at) {
            NDArray weight = weights.get(i);
            Slots s = kf.state().slots(ids.get(i), weight);
            try (NDScope scope = new NDScope()) {
                kf.refreshIfDue(weight, s, t, c);
            }
            for (StatefulOptimizer.Slot slot : kf.slots()) {
                s.get(slot.name(), slot.init()); // the element-wise slots too, as StepDispatch
            }
            for (int k = 0; k < slots.length; k++) {
                state.get(k).add(s.find(slots[k]));
            }
            w.add(weight);
            g.add(grads.get(i));
            if (weight.hasGradient()) {
                own.add(weight.getGradient());
            }
        }
        double etaF = kf.number(LR) * kf.scheduleFactor();
        double b = kf.batchSize();
        Decay d = kf.decay();
        MultiTensor.Call call = new MultiTensor.Call("adabayes-kf-layers", new double[] {c.b1(),
            b / c.bc1(), b, c.eps(), 1 / (etaF * etaF),
            1 / (2 * kf.number(SIGMA2) * kf.scheduleFactor()), d.before(), d.after()});
        List<NDArray> flat = new ArrayList<>();
        state.forEach(flat::addAll);
        try {
            MultiTensor.run(call, w, g, flat, own);
        } finally {
            own.forEach(NDArray::close);
        }
    }
}

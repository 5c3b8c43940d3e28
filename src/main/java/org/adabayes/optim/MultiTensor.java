package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * A rule's step over all the tensors of one device, dtype and step count in a single call into
 * libtorch: the TorchScript module {@code multistep.pt} (written by {@code
 * scripts/optim/multi_tensor_module.py}) runs the rule as a handful of {@code torch._foreach_*}
 * operations, which on a GPU are multi-tensor kernels, a few launches per operation however many
 * tensors there are. The per-tensor NDArray form costs about ten calls, each a launch, per tensor:
 * ~1,100 per ResNet-34 step. DJL 0.32's JNI offers no foreach op and cannot make gradients views
 * of one flat buffer, hence the module. Weights, gradients and state are the very arrays the
 * rule's other forms use, updated in place, so checkpoints and resume see no difference.
 */
final class MultiTensor {
    private static final Object LOCK = new Object();
    private static volatile PtSymbolBlock module;
    private static volatile boolean unavailable;

    /**
     * One step of a rule for the module: its branch, the step's scalars (learning rate times the
     * schedule factor, bias corrections, ...) and its variant switches, in the order the branch
     * of {@code multi_tensor_module.py} documents.
     */
    record Call(String rule, double[] scalars, boolean... flags) {}

    private MultiTensor() {}

    /** Whether the module could be loaded (else every tensor takes the per-tensor form). */
    static boolean available() {
        return module() != null;
    }

    /**
     * Runs {@code call} over the tensors in place; {@code slots} holds the state slots one after
     * another (slot k of tensor i at k n + i); {@code ownGrads}, the weights' own gradients, are
     * zeroed after the update.
     */
    static void run(Call call, List<NDArray> weights, List<NDArray> grads, List<NDArray> slots,
            List<NDArray> ownGrads) {
        IValue[] args = {IValue.from(call.rule()), list(weights), list(grads), list(slots),
            IValue.listFrom(call.scalars()), IValue.listFrom(call.flags()), list(ownGrads)};
        try {
            module().forward(args).close();
        } finally {
            for (IValue a : args) {
                a.close();
            }
        }
    }

    private static IValue list(List<NDArray> arrays) {
        PtNDArray[] pt = new PtNDArray[arrays.size()];
        for (int i = 0; i < pt.length; i++) {
            pt[i] = (PtNDArray) arrays.get(i);
        }
        return IValue.listFrom(pt);
    }

    private static PtSymbolBlock module() {
        if (module == null && !unavailable) {
            synchronized (LOCK) {
                if (module == null && !unavailable) {
                    module = load();
                    unavailable = module == null;
                }
            }
        }
        return module;
    }

    private static PtSymbolBlock load() {
        try (InputStream in = MultiTensor.class.getResourceAsStream("multistep.pt")) {
            if (in == null) {
                return null;
            }
            // the module has no parameters: one instance serves every device, for the process
            PtNDManager m = (PtNDManager) NDManager.newBaseManager("PyTorch");
            return JniUtils.loadModule(m, in, true, false);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

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
import java.util.concurrent.atomic.AtomicLong;

/**
 * A rule's step over all the tensors of one device, dtype and step count in a single call into
 * libtorch: the TorchScript module {@code multistep.pt} (written by {@code
 * scripts/optim/multi_tensor_module.py}) runs the rule as a handful of {@code torch._foreach_*}
 * operations, which on a GPU are multi-tensor kernels, a few launches per operation however many
 * tensors there are. The per-tensor NDArray form costs about ten calls, each a launch, per tensor:
 * ~1,100 per ResNet-34 step. DJL 0.32's JNI offers no foreach op and cannot make gradients views
 * of one flat buffer, hence the module. Weights, gradients and state are the very arrays the
 * rule's other forms use, updated in place, so checkpoints and resume see no difference.
 *
 * <p>If the module cannot load, the process says so once on stderr, naming the per-tensor form
 * that runs instead, and {@link #unavailableReason} says why for the manifest and {@code adabayes
 * doctor}: on a GPU that fallback is ~1,100 launches a step, and nothing may hide it. The system
 * property {@code adabayes.multitensor.module} names another resource to load (to test the
 * fallback).
 */
final class MultiTensor {
    static final String RESOURCE = "multistep.pt";
    private static final Object LOCK = new Object();
    private static volatile PtSymbolBlock module;
    private static volatile boolean unavailable;
    private static volatile String reason;
    private static final AtomicLong CALLS = new AtomicLong();

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
        CALLS.incrementAndGet();
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

    /** Calls into the module so far, in this process. */
    static long calls() {
        return CALLS.get();
    }

    /** Why the module is not in use (null when it loaded, or before anything asked for it). */
    static String unavailableReason() {
        module();
        return reason;
    }

    private static PtSymbolBlock load() {
        String name = System.getProperty("adabayes.multitensor.module", RESOURCE);
        try (InputStream in = MultiTensor.class.getResourceAsStream(name)) {
            if (in == null) {
                return fallBack(name + " is not on the classpath (a build without "
                        + "src/main/resources/org/adabayes/optim/" + RESOURCE + "?)");
            }
            // the module has no parameters: one instance serves every device, for the process
            PtNDManager m = (PtNDManager) NDManager.newBaseManager("PyTorch");
            return JniUtils.loadModule(m, in, true, false);
        } catch (IOException | RuntimeException e) {
            String msg = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return fallBack(name + " did not load (" + e.getClass().getSimpleName() + ": "
                    + msg + ")");
        }
    }

    /** Records why the module is missing and warns once (this runs once per process). */
    private static PtSymbolBlock fallBack(String why) {
        reason = why;
        System.err.println("adabayes: warning: " + why + "; optimizer steps of GPU and float64 "
                + "tensors take the per-tensor NDArray form (about ten native calls per tensor "
                + "instead of one call per step)");
        return null;
    }
}

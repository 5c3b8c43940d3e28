package org.adabayes.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * libtorch's symmetric eigensolver (torch.linalg.eigh: LAPACK on the CPU, cuSOLVER on a GPU),
 * which DJL 0.32's JNI does not expose, reached through a four-line TorchScript module shipped in
 * the jar ({@code eigh.pt}, written by {@code scripts/kf/eigh_module.py}). On ResNet-34's largest
 * Kronecker factor (4608 x 4608) it is what makes AdaBayes-KF's refresh minutes rather than hours
 * on a CPU, and keeps the factors on a GPU's memory. If the module cannot be loaded the caller
 * falls back to the pure-Java solver, and the process says so once on stderr: the results agree
 * to rounding, the time does not.
 */
final class TorchEigh {
    private static final Map<Device, PtSymbolBlock> MODULES = new ConcurrentHashMap<>();
    private static volatile boolean unavailable;

    private TorchEigh() {}

    /**
     * The eigenvalues (ascending) and eigenvectors (columns) of a symmetric float64 matrix, on
     * its device and in its manager; null when the module is unavailable.
     */
    static NDList eigh(NDArray symmetric) {
        PtSymbolBlock module = module(symmetric.getDevice());
        if (module == null) {
            return null;
        }
        return module.forward(new ParameterStore(symmetric.getManager(), false),
                new NDList(symmetric), false);
    }

    private static PtSymbolBlock module(Device device) {
        if (unavailable) {
            return null;
        }
        return MODULES.computeIfAbsent(device, d -> {
            try (InputStream in = TorchEigh.class.getResourceAsStream("eigh.pt")) {
                if (in == null) {
                    return fallBack("eigh.pt is not on the classpath");
                }
                // the module lives as long as the process, in a manager nothing else closes
                PtNDManager m = (PtNDManager) NDManager.newBaseManager(d, "PyTorch");
                return JniUtils.loadModule(m, in, true, false);
            } catch (IOException | RuntimeException e) {
                return fallBack("eigh.pt did not load on " + d + " (" + e.getClass()
                        .getSimpleName() + ": " + String.valueOf(e.getMessage()).lines()
                        .findFirst().orElse("") + ")");
            }
        });
    }

    private static PtSymbolBlock fallBack(String why) {
        if (!unavailable) {
            System.err.println("adabayes: warning: " + why + "; AdaBayes-KF's eigendecompositions "
                    + "run in pure Java (EJML), far slower on large Kronecker factors");
        }
        unavailable = true;
        return null;
    }

    /** Whether the native solver is in use (the benchmark says which ran). */
    static boolean available(Device device) {
        return module(device) != null;
    }
}

package org.adabayes.doctor;

import ai.djl.Device;
import java.util.function.LongSupplier;
import org.adabayes.engine.Gpus;

/**
 * A device the doctor checks: the CPU, or a GPU with its facts and a way to read its memory in
 * use. A test hands in a stand-in GPU (facts of its choosing, the CPU as its device) so that the
 * GPU branches run where no GPU is.
 *
 * @param label how the report names it: {@code cpu}, {@code gpu:0}
 * @param device where its arrays live
 * @param gpu its facts, null for the CPU
 * @param memoryUsed device memory in use, in bytes (null for the CPU)
 */
public record Target(String label, Device device, Gpus.Gpu gpu, LongSupplier memoryUsed) {
    public static Target cpu() {
        return new Target("cpu", Device.cpu(), null, null);
    }

    /** A visible GPU. */
    public static Target of(Gpus.Gpu g) {
        return new Target("gpu:" + g.index(), Device.gpu(g.index()), g,
                () -> Gpus.usedBytes(g.index()));
    }

    public boolean isGpu() {
        return gpu != null;
    }
}

package org.adabayes.doctor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Locale;
import org.adabayes.config.RunConfig;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.train.RunParts;

/**
 * The doctor's timing: ResNet-34 training steps at batch 128 (forward, backward, SGD step, as
 * {@code bench models}) on a fixed random batch, after untimed warm-up steps; on a GPU the memory
 * in use after each step gives the high-water mark. On a CPU the network is at 1/8 width unless
 * the full one is asked for: a full step takes seconds on a few cores, and the doctor must end
 * within a minute. It prints numbers and asserts none (a step that fails or a loss that is not
 * finite fails it).
 */
final class Throughput {
    static final int BATCH = 128;

    private Throughput() {}

    /** The network timed on a GPU ({@code gpu}) or the CPU. */
    static RunConfig model(Doctor.Options o, boolean gpu) {
        return Doctor.config(OptimizerKind.SGD, "resnet34", o.fullWidth() || gpu ? 1.0 : 0.125,
                BATCH);
    }

    static String run(Target t, Doctor.Options o) {
        // by where the arrays live: a stand-in GPU computes on the CPU
        boolean gpu = t.device().isGpu();
        boolean full = o.fullWidth() || gpu;
        int warmup = gpu ? 3 : 0;
        int timed = o.timedSteps() > 0 ? o.timedSteps() : gpu ? 10 : 2;
        RunConfig cfg = model(o, gpu);
        long high = 0;
        try (NDManager m = NDManager.newBaseManager(t.device());
                RunParts parts = RunParts.assemble(cfg, 3, 10, m, DataType.FLOAT32, null)) {
            Doctor.Batch b = Doctor.Batch.of(BATCH);
            NDArray x = parts.step().input(b.images(), BATCH);
            NDArray y = parts.step().labels(b.labels(), BATCH);
            for (int i = 0; i < warmup; i++) {
                parts.step().trainOn(x, y, false);
            }
            double loss = parts.step().trainOn(x, y, true);
            high = sample(t, high);
            long t0 = System.nanoTime();
            for (int i = 0; i < timed; i++) {
                parts.step().trainOn(x, y, false);
                high = sample(t, high);
            }
            loss = parts.step().drain().lossSum();
            double ms = (System.nanoTime() - t0) / 1e6 / timed;
            if (!Double.isFinite(loss)) {
                throw new Doctor.Failed("the loss of ResNet-34 is " + loss);
            }
            String what = String.format(Locale.ROOT, "ResNet-34%s, batch %d, SGD, float32: %.1f "
                    + "ms/step, %.0f images/s over %d timed steps after %d untimed", full ? ""
                    : " at 1/8 width (--full-width for the paper's)", BATCH, ms,
                    BATCH / (ms / 1e3), timed, warmup + 1);
            return t.isGpu() ? what + String.format(Locale.ROOT, "; memory in use at most %.2f "
                    + "GiB of %.1f", high / 1073741824.0, t.gpu().totalBytes() / 1073741824.0)
                    : what;
        }
    }

    private static long sample(Target t, long high) {
        return t.memoryUsed() == null ? high : Math.max(high, t.memoryUsed().getAsLong());
    }
}

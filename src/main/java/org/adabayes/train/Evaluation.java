package org.adabayes.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.function.Supplier;

/**
 * The test-set evaluation after each epoch: the whole test subset in batches of testBatchSize,
 * BatchNorm in inference mode, no augmentation and no gradients, with loss and error summed on the
 * device ({@link DeviceSums} of its own) and read once at the end. A stop request is read between
 * batches: an interrupted evaluation is dropped and run again whole on resume, since it depends on
 * the weights alone.
 */
public final class Evaluation {
    private final BatchStream stream;
    private final DeviceSums sums;

    public Evaluation(BatchStream stream, NDManager manager) {
        this.stream = stream;
        this.sums = new DeviceSums(manager);
    }

    /** Mean loss and error over the test subset, with the network as it stands. */
    public DeviceSums.Sums run(TrainStep step) {
        return run(step, () -> null);
    }

    /** As {@link #run(TrainStep)}, or null when {@code stop} asked to stop between batches. */
    public DeviceSums.Sums run(TrainStep step, Supplier<StopSignals.Kind> stop) {
        try (Prefetch<BatchStream.Batch> batches = stream.test(step::toDevice)) {
            for (int b = 0; b < stream.testSteps(); b++) {
                if (stop.get() != null) {
                    sums.drain();
                    return null;
                }
                try (BatchStream.Batch batch = batches.next(); NDScope scope = new NDScope()) {
                    NDArray logits = step.logits(batch.x());
                    sums.add(TrainStep.crossEntropy(logits, batch.y()), logits, batch.y());
                }
            }
        }
        return sums.drain();
    }

    /** How many times the host has read the evaluation's sums. */
    public long reads() {
        return sums.reads();
    }
}

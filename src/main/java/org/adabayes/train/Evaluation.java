package org.adabayes.train;

import java.util.function.Supplier;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;

/**
 * The test-set evaluation after each epoch: the whole test subset in batches of testBatchSize,
 * BatchNorm in inference mode, no augmentation and no gradients, with loss and error summed on the
 * device and read once at the end. A stop request is read between batches: an interrupted
 * evaluation is dropped and run again whole on resume, since it depends on the weights alone.
 */
public final class Evaluation {
    private final ImageSet test;
    private final BatchAugmenter plain;
    private final int batchSize;

    public Evaluation(ImageSet test, Normalization norm, int batchSize) {
        this.test = test;
        this.plain = new BatchAugmenter(test, norm, 0);
        this.batchSize = batchSize;
    }

    /** Mean loss and error over the test subset, with the network as it stands. */
    public TrainStep.Sums run(TrainStep step) {
        return run(step, () -> null);
    }

    /** As {@link #run(TrainStep)}, or null when {@code stop} asked to stop between batches. */
    public TrainStep.Sums run(TrainStep step, Supplier<StopSignals.Kind> stop) {
        float[] buf = new float[batchSize * test.imageSize()];
        int[] labels = new int[batchSize];
        for (int from = 0; from < test.size(); from += batchSize) {
            if (stop.get() != null) {
                step.drain();
                return null;
            }
            int n = Math.min(batchSize, test.size() - from);
            plain.fillDrawn(null, from, n, null, buf, labels);
            step.evaluate(buf, labels, n);
        }
        return step.drain();
    }
}

package org.adabayes.train;

import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;

/**
 * The test-set evaluation after each epoch: the whole test subset in batches of testBatchSize,
 * BatchNorm in inference mode, no augmentation and no gradients, with loss and error summed on the
 * device and read once at the end.
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
        float[] buf = new float[batchSize * test.imageSize()];
        int[] labels = new int[batchSize];
        for (int from = 0; from < test.size(); from += batchSize) {
            int n = Math.min(batchSize, test.size() - from);
            plain.fillDrawn(null, from, n, null, buf, labels);
            step.evaluate(buf, labels, n);
        }
        return step.drain();
    }
}

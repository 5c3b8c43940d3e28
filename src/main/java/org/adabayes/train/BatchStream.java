package org.adabayes.train;

import ai.djl.ndarray.NDArray;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;
import org.adabayes.data.Splits;

/**
 * The one stream of batches every command that trains takes its data from ({@code train}, both
 * parity modes): epoch {@code e}'s training batches are the images in the (seed, e) permutation,
 * in steps of batchSize, the short last batch included, each augmented with draws from (seed, e,
 * step); the test batches are the test images in order, unaugmented. So a step's batch depends on
 * (seed, epoch, step) alone, which is what lets a run stop at any step and resume exactly, and
 * what parity hands to the PyTorch reference. Batches are prepared ahead on one thread (augmented
 * and copied to the device while the current step runs, {@link Prefetch}); the numbers are those
 * of preparing each in turn.
 */
public final class BatchStream {
    /** Crop padding of the paper's augmentation (torchvision's RandomCrop(32, padding=4)). */
    public static final int CROP_PADDING = 4;
    /** Batches prepared ahead of the one being trained on. */
    static final int DEPTH = 2;

    /** Sees what each training step is fed (parity records the stream); called in step order. */
    public interface Recorder {
        /**
         * One step's batch: the images {@code order[from .. from+n)} with {@code draws} (null when
         * the run does not augment), fed as {@code x} (n x C x H x W) with {@code labels}.
         */
        void batch(int epoch, int[] order, int from, int n, BatchAugmenter.Draws draws,
                float[] x, int[] labels);
    }

    /** Copies a host batch to the device (the training step's input and labels). */
    @FunctionalInterface
    public interface ToDevice {
        Batch copy(int step, float[] x, int[] labels, int n);
    }

    /** One batch on the device; its arrays are the taker's to close. */
    public record Batch(int step, int n, NDArray x, NDArray y) implements AutoCloseable {
        @Override
        public void close() {
            x.close();
            y.close();
        }
    }

    private final RunConfig cfg;
    private final Splits data;
    private final Normalization norm;
    private final int depth;
    private final Recorder recorder;

    /**
     * @param recorder sees every training batch, or null
     */
    public BatchStream(RunConfig cfg, Splits data, Recorder recorder) {
        this(cfg, data, recorder, DEPTH);
    }

    BatchStream(RunConfig cfg, Splits data, Recorder recorder, int depth) {
        this.cfg = cfg;
        this.data = data;
        this.norm = cfg.dataset().meanAndStd();
        this.recorder = recorder;
        this.depth = depth;
    }

    /** Training steps of an epoch, the short last batch included, at most {@code max} (0: all). */
    public int steps(int max) {
        int bs = cfg.batchSize();
        int n = (data.train().size() + bs - 1) / bs;
        return max > 0 ? Math.min(n, max) : n;
    }

    /** The epoch's permutation of the training images. */
    public int[] order(int epoch) {
        return Seeds.permutation(data.train().size(), cfg.seed(), epoch);
    }

    /** Training batches {@code first..end-1} of {@code epoch} in the permutation {@code order}. */
    public Prefetch<Batch> train(int epoch, int[] order, int first, int end, ToDevice device) {
        ImageSet train = data.train();
        BatchAugmenter aug = new BatchAugmenter(train, norm, CROP_PADDING);
        int bs = cfg.batchSize();
        float[] buf = new float[bs * train.imageSize()];
        int[] labels = new int[bs];
        return new Prefetch<>(first, end, depth, b -> {
            int n = Math.min(bs, train.size() - b * bs);
            BatchAugmenter.Draws draws = cfg.dataset().augment()
                    ? aug.draw(Seeds.forBatch(cfg.seed(), epoch, b), n) : null;
            aug.fillDrawn(order, b * bs, n, draws, buf, labels);
            if (recorder != null) {
                recorder.batch(epoch, order, b * bs, n, draws, buf, labels);
            }
            return device.copy(b, buf, labels, n);
        }, Batch::close);
    }

    /** The test batches, in order, unaugmented, testBatchSize at a time. */
    public Prefetch<Batch> test(ToDevice device) {
        ImageSet test = data.test();
        BatchAugmenter plain = new BatchAugmenter(test, norm, 0);
        int bs = cfg.testBatchSize();
        float[] buf = new float[bs * test.imageSize()];
        int[] labels = new int[bs];
        return new Prefetch<>(0, testSteps(), depth, b -> {
            int n = Math.min(bs, test.size() - b * bs);
            plain.fillDrawn(null, b * bs, n, null, buf, labels);
            return device.copy(b, buf, labels, n);
        }, Batch::close);
    }

    /** Test batches of an evaluation. */
    public int testSteps() {
        int bs = cfg.testBatchSize();
        return (data.test().size() + bs - 1) / bs;
    }
}

package org.adabayes.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The summed loss and the misclassified images of a stretch of batches, kept on the device so a
 * GPU never waits for the host between steps: each batch adds to them there, and the host reads
 * them only when something needs the numbers (the epoch's row, the divergence check every few
 * steps, a mid-epoch checkpoint). Every read is counted, so a test can hold the loop to that.
 */
public final class DeviceSums {
    /** Summed loss (over images), misclassified and seen images, as read back. */
    public record Sums(double lossSum, long wrong, long images) {
        public double meanLoss() {
            return lossSum / images;
        }

        public double errorPercent() {
            return 100.0 * wrong / images;
        }
    }

    private final NDManager manager;
    private final NDArray lossSum;
    private final NDArray wrong;
    private long images;
    private long reads;

    DeviceSums(NDManager manager) {
        this.manager = manager;
        this.lossSum = manager.zeros(new Shape(), DataType.FLOAT64);
        this.wrong = manager.zeros(new Shape(), DataType.INT64);
    }

    /** Adds a batch: its mean loss times its size, and how many of its logits miss the label. */
    void add(NDArray meanLoss, NDArray logits, NDArray y) {
        long n = y.size();
        lossSum.addi(meanLoss.toType(DataType.FLOAT64, false).mul(n));
        wrong.addi(logits.argMax(1).neq(y).sum().toType(DataType.INT64, false));
        images += n;
    }

    /** The sums so far, read back to the host (one synchronisation), without resetting them. */
    public Sums peek() {
        reads++;
        return new Sums(lossSum.getDouble(), wrong.getLong(), images);
    }

    /** The sums so far, read back, and reset to zero. */
    public Sums drain() {
        Sums s = peek();
        lossSum.muli(0);
        wrong.muli(0);
        images = 0;
        return s;
    }

    /**
     * Sets the sums to what a mid-epoch checkpoint read from them, exactly: zero plus a float64
     * (or int64) value is that value, so the batches that follow add to the same numbers as an
     * uninterrupted run's.
     */
    void restore(Sums s) {
        try (NDArray l = manager.create(s.lossSum()); NDArray w = manager.create(s.wrong())) {
            lossSum.muli(0).addi(l);
            wrong.muli(0).addi(w);
        }
        images = s.images();
    }

    /** How many times the host has read these sums. */
    public long reads() {
        return reads;
    }
}

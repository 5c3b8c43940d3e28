package org.adabayes.train;

import org.adabayes.rundir.EpochRecord;

/**
 * How to run (not what to run, which is the config): overwrite, smoke-test limits, output.
 *
 * @param force start over even if the directory holds another or a finished run
 * @param maxBatches stop each epoch's training after this many batches (0 = all)
 * @param quiet no progress bar, one line per epoch
 * @param listener called after every finished epoch (progress, tests)
 */
public record RunOptions(boolean force, int maxBatches, boolean quiet, EpochListener listener) {
    /** Called after each epoch's row and checkpoint are on disk. */
    @FunctionalInterface
    public interface EpochListener {
        void onEpoch(EpochRecord record);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, 0, true, r -> {});
    }
}

package org.adabayes.train;

import java.io.IOException;
import org.adabayes.rundir.EpochRecord;

/**
 * What happens around each epoch of a run (the CSV row, the divergence check, the LR trace, the
 * checkpoint, the manifest, the log line), called by {@link RunLoop} in the order it was given
 * them, as DJL's {@code TrainingListener}s are by {@code EasyTrain}. Keeping them out of the loop
 * is what lets the loop read as epochs and nothing else.
 */
@FunctionalInterface
interface RunListener {
    /** Before an epoch's first batch (or the first batch a resume trains). */
    default void beforeEpoch(int epoch) throws IOException {}

    /** A signal stopped the epoch at {@code at}, before its mid-epoch checkpoint is written. */
    default void interrupted(EpochPosition at) throws IOException {}

    /**
     * After an epoch's training and evaluation.
     *
     * @return false to stop the run here (the later listeners are not called)
     */
    boolean afterEpoch(EpochRecord r) throws IOException;
}

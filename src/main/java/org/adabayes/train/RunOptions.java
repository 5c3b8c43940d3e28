package org.adabayes.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.adabayes.rundir.EpochRecord;

/**
 * How to run (not what to run, which is the config): overwrite, smoke-test limits, output.
 *
 * @param force start over even if the directory holds another or a finished run
 * @param maxBatches stop each epoch's training after this many batches (0 = all)
 * @param quiet no progress bar, one line per epoch
 * @param listener called after every finished epoch, once its row and checkpoint are on disk
 *     (progress, tests)
 * @param init a state_dict (.npz, the {@code export} format) to start from instead of the seeded
 *     initialisation, or null; its digest is part of the run's identity
 */
public record RunOptions(boolean force, int maxBatches, boolean quiet,
        Consumer<EpochRecord> listener, Path init) {
    public RunOptions(boolean force, int maxBatches, boolean quiet,
            Consumer<EpochRecord> listener) {
        this(force, maxBatches, quiet, listener, null);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, 0, true, r -> {});
    }
}

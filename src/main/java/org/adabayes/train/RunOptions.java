package org.adabayes.train;

import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.adabayes.rundir.EpochRecord;

/**
 * How to run (not what to run, which is the config): overwrite, smoke-test limits, output, and
 * what asks a run to stop.
 *
 * @param force start over even if the directory holds another or a finished run
 * @param maxBatches stop each epoch's training after this many batches (0 = all)
 * @param quiet no progress bar, one line per epoch
 * @param listener called after every finished epoch, once its row and checkpoint are on disk
 *     (progress, tests)
 * @param init a state_dict (.npz, the {@code export} format) to start from instead of the seeded
 *     initialisation, or null; its digest is part of the run's identity
 * @param stop read between steps: a signal that asks the run to checkpoint and stop, or null
 *     ({@link StopSignals#requested} in the CLI)
 */
public record RunOptions(boolean force, int maxBatches, boolean quiet,
        Consumer<EpochRecord> listener, Path init, Supplier<StopSignals.Kind> stop) {
    public RunOptions {
        stop = stop == null ? () -> null : stop;
    }

    public RunOptions(boolean force, int maxBatches, boolean quiet,
            Consumer<EpochRecord> listener, Path init) {
        this(force, maxBatches, quiet, listener, init, null);
    }

    public RunOptions(boolean force, int maxBatches, boolean quiet,
            Consumer<EpochRecord> listener) {
        this(force, maxBatches, quiet, listener, null, null);
    }

    public static RunOptions defaults() {
        return new RunOptions(false, 0, true, r -> {});
    }
}

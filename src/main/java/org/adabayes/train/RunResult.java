package org.adabayes.train;

import java.nio.file.Path;
import java.util.List;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.RunState;

/**
 * What a run left on disk and how it ended.
 *
 * @param state complete, diverged or interrupted (a failed run ends in an exception, not a
 *     result)
 * @param skipped the directory already held this run, finished: nothing was trained
 * @param resumedFrom the first epoch trained by this invocation (0 for a fresh run, -1 skipped)
 * @param stoppedBy the signal that interrupted it, or null
 */
public record RunResult(RunState state, boolean skipped, Path directory, List<EpochRecord> epochs,
        int resumedFrom, StopSignals.Kind stoppedBy) {
    public RunResult(RunState state, boolean skipped, Path directory, List<EpochRecord> epochs,
            int resumedFrom) {
        this(state, skipped, directory, epochs, resumedFrom, null);
    }
}

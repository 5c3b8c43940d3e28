package org.adabayes.train;

import java.nio.file.Path;
import java.util.List;

/** What a run left on disk and how it ended. */
public record RunResult(RunStatus status, Path directory, List<EpochRecord> epochs,
        int resumedFrom) {}

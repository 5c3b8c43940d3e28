package org.adabayes.report;

import java.nio.file.Path;
import java.util.List;
import tech.tablesaw.api.Table;

/**
 * What a results folder holds, as the report reads it: the runs, every run's epochs in one
 * Tablesaw table (columns {@code run}, {@code dataset_model}, {@code setting}, {@code seed},
 * then those of epochs.csv), and the directories that looked like runs but had no
 * manifest.json, which are named once and counted nowhere.
 */
public record Results(List<RunSummary> runs, Table epochs, List<Path> skipped) {
    public static final String RUN = "run";
    /** Tablesaw keeps the name "group" for itself in a summary. */
    public static final String GROUP = "dataset_model";
    public static final String SETTING = "setting";
    public static final String SEED = "seed";

    /** The runs whose files could not be read: named on stderr, counted damaged, exit 1. */
    public List<RunSummary> damaged() {
        return runs.stream().filter(r -> r.damaged() != null).toList();
    }
}

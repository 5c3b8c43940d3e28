package org.adabayes.report;

import java.nio.file.Path;
import org.adabayes.config.Method;
import org.adabayes.config.RunConfig;
import org.adabayes.rundir.RunState;

/**
 * One run directory as the report sees it: its config, its state and the setting its seeds are
 * averaged within. Its epochs are rows of the one table of every run's epochs
 * ({@link Results#epochs()}), where Tablesaw aggregates them.
 *
 * @param status from manifest.json
 * @param limited the batches per epoch a smoke run was limited to (--max-batches), else null:
 *     such a run is never a result of its config, and the table counts it apart unless asked to
 *     table it ({@code --include-limited}, then its setting says so)
 * @param setting what its seeds are averaged with
 * @param damaged why its epochs.csv or manifest could not be read, else null: the table is
 *     written for the other runs and this one is counted as damaged in its cell
 */
public record RunSummary(Path dir, RunConfig config, RunState status, Integer limited,
        Setting setting, String damaged) {

    public String dataset() {
        return config.dataset().name();
    }

    public String model() {
        return config.model().label();
    }

    public Method optimizer() {
        return setting.method();
    }

    public long seed() {
        return config.seed();
    }

    /** The run's key in the epochs table. */
    public String id() {
        return dir.toString();
    }

    /** Whether its numbers are averaged: complete, not damaged, and not an untabled smoke run. */
    public boolean counts() {
        return damaged == null && status == RunState.COMPLETE && !excluded();
    }

    /** A limited run that the table counts apart rather than averaging. */
    public boolean excluded() {
        return limited != null && setting.limited() == null;
    }

    /** The protocol that must agree within a group: epochs, batch, schedule. */
    public String protocol() {
        return "epochs=" + config.schedule().epochs() + " batch=" + config.batchSize()
                + " decay=" + config.schedule().decayEpochs() + "x"
                + config.schedule().decayFactor();
    }
}

package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.GridExpansion;
import org.adabayes.config.PlannedRun;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.OutPaths;
import org.adabayes.rundir.RunPaths;
import org.adabayes.train.RunOptions;
import org.adabayes.train.StopSignals;
import org.adabayes.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes sweep GRID.yaml}: the grid x seeds, run by run, resumable, array-job ready. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Expand a grid (base config x axes x seeds) and run it: skips complete runs, "
                + "resumes partial ones, goes on past failures.")
final class SweepCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "GRID", description = "Grid file (.yaml/.json).")
    Path grid;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR",
            description = "Where run directories go (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a field every "
            + "run shares, e.g. --set schedule.epochs=20 (repeatable; not a swept key).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--seeds", split = ",", paramLabel = "N", description = "Seeds, overriding "
            + "the grid's (e.g. 1,2,3).")
    List<Long> seeds;

    @Option(names = "--only", paramLabel = "KEY=VALUE", description = "Keep runs whose resolved "
            + "config has this value, e.g. --only optimizer.name=adam (repeatable).")
    List<String> only = new ArrayList<>();

    @Option(names = "--index", paramLabel = "N", description = "Run only the N-th run (0-based), "
            + "e.g. $SLURM_ARRAY_TASK_ID.")
    Integer index;

    @Option(names = "--dry-run", description = "List the runs, train nothing.")
    boolean dryRun;

    @Option(names = "--expand-to", paramLabel = "DIR",
            description = "Write each run's resolved config into DIR and stop.")
    Path expandTo;

    @Option(names = "--max-batches", paramLabel = "N", description = "Smoke tests: at most N "
            + "batches per epoch.")
    int maxBatches;

    @Override
    protected void validate() {
        require(maxBatches >= 0, "--max-batches", "must be >= 0 (0 = all), got " + maxBatches);
        require(index == null || index >= 0, "--index", "must be >= 0, got " + index);
        require(seeds == null || !seeds.isEmpty(), "--seeds", "must list at least one seed");
        OutPaths.directory(out, "--out");
        if (expandTo != null) {
            OutPaths.directory(expandTo, "--expand-to");
        }
    }

    @Override
    protected ExitCode execute() throws Exception {
        List<PlannedRun> runs = GridExpansion.expand(GridExpansion.load(grid), grid.toString(),
                seeds, only, overrides);
        List<Path> dirs = RunPaths.assign(out, runs, grid.toString());
        if (index != null) {
            require(index < runs.size(), "--index " + index, "the sweep has " + runs.size()
                    + " runs (0.." + (runs.size() - 1) + ")");
            runs = List.of(runs.get(index));
            dirs = List.of(dirs.get(index));
        }
        if (expandTo != null) {
            for (PlannedRun r : runs) {
                String name = String.format(Locale.ROOT, "%03d-", r.index())
                        + RunPaths.relative(r.config(), r.axes()).replace('/', '_') + ".yaml";
                AtomicFiles.writeString(expandTo.resolve(name), ConfigCodec.toYaml(r.config()));
            }
            out().println("wrote " + runs.size() + " run configs to " + expandTo);
            return ExitCode.OK;
        }
        if (dryRun) {
            for (int i = 0; i < runs.size(); i++) {
                out().println(runs.get(i).index() + "\t" + dirs.get(i));
            }
            out().println(runs.size() + " runs");
            return ExitCode.OK;
        }
        SweepRunner.Summary s;
        try (StopSignals signals = StopSignals.install()) {
            s = SweepRunner.run(runs, dirs, new RunOptions(false, maxBatches, quiet(), r -> {},
                    null, StopSignals::requested), log());
        }
        out().println(s.line());
        return ExitCode.of(s);
    }
}

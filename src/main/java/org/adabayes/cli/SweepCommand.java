package org.adabayes.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.adabayes.config.ConfigException;
import org.adabayes.config.GridExpansion;
import org.adabayes.config.GridSpec;
import org.adabayes.config.PlannedRun;
import org.adabayes.train.RunOptions;
import org.adabayes.train.SweepRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adabayes sweep GRID.yaml}: the grid x seeds, run by run, resumable, array-job ready. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Expand a grid (base config x axes x seeds) and run it: skips complete runs, "
                + "resumes partial ones, goes on past failures.")
public final class SweepCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "GRID", description = "Grid file (.yaml/.json).")
    Path grid;

    @Option(names = "--out", defaultValue = "results", paramLabel = "DIR",
            description = "Where run directories go (default ${DEFAULT-VALUE}).")
    Path out;

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
    public Integer call() throws Exception {
        GridSpec g = GridExpansion.load(grid);
        List<PlannedRun> runs = GridExpansion.expand(g, grid.toString(), seeds, only);
        PrintWriter w = spec.commandLine().getOut();
        if (index != null) {
            if (index < 0 || index >= runs.size()) {
                throw new ConfigException("--index " + index + ": the sweep has " + runs.size()
                        + " runs (0.." + (runs.size() - 1) + ")");
            }
            runs = List.of(runs.get(index));
        }
        if (expandTo != null) {
            GridExpansion.writeConfigs(runs, expandTo);
            w.println("wrote " + runs.size() + " run configs to " + expandTo);
            return 0;
        }
        if (dryRun) {
            for (PlannedRun r : runs) {
                w.println(r.index() + "\t" + out.resolve(r.relativeDir()));
            }
            w.println(runs.size() + " runs");
            return 0;
        }
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()),
                true, StandardCharsets.UTF_8);
        SweepRunner.Summary s = SweepRunner.run(runs, out, new RunOptions(false, maxBatches,
                common.quiet, r -> {}), log);
        w.println(s.line());
        w.flush();
        return s.get("failed") > 0 ? 1 : 0;
    }
}

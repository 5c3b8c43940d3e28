package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.io.OutPaths;
import org.adabayes.rundir.RunPaths;
import org.adabayes.train.RunLoop;
import org.adabayes.train.RunOptions;
import org.adabayes.train.RunResult;
import org.adabayes.train.StopSignals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes train CONFIG}: one run, resumed if its directory holds an unfinished one. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one run from a YAML/JSON config; resumes an interrupted run.")
final class TrainCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Run config (.yaml/.yml/.json).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a config field, e.g. --set optimizer.lr=0.01 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR",
            description = "Run directory (default results/<dataset>-<model>/<optimizer>/seed-<n>).")
    Path out;

    @Option(names = "--force", description = "Overwrite a finished or different run in the "
            + "directory.")
    boolean force;

    @Option(names = "--max-batches", paramLabel = "N",
            description = "Train at most N batches per epoch (smoke tests).")
    int maxBatches;

    @Option(names = "--init", paramLabel = "WEIGHTS.npz",
            description = "Start from these weights (a state_dict saved as .npz, as `export` "
                    + "writes it or numpy.savez of a PyTorch model's state_dict) instead of the "
                    + "seeded initialisation; every key and shape must match the network.")
    Path init;

    @Override
    protected void validate() {
        require(maxBatches >= 0, "--max-batches", "must be >= 0 (0 = all), got " + maxBatches);
        if (out != null) {
            OutPaths.directory(out, "--out");
        }
    }

    @Override
    protected ExitCode execute() throws Exception {
        RunConfig cfg = ConfigLoader.load(config, overrides);
        Path dir = out != null ? out : RunPaths.defaultFor(cfg);
        RunResult r;
        try (StopSignals signals = StopSignals.install()) {
            r = new RunLoop(cfg, dir, new RunOptions(force, maxBatches, quiet(), rec -> {}, init,
                    StopSignals::requested), log()).run();
        }
        out().println(r.state().word() + ": " + dir);
        return ExitCode.of(r);
    }
}

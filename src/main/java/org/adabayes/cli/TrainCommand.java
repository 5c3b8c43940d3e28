package org.adabayes.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.train.RunLoop;
import org.adabayes.train.RunOptions;
import org.adabayes.train.RunResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adabayes train CONFIG}: one run, resumed if its directory holds an unfinished one. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train one run from a YAML/JSON config; resumes an interrupted run.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

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

    @Override
    public Integer call() throws Exception {
        RunConfig cfg = ConfigLoader.load(config, overrides);
        Path dir = out != null ? out : Path.of(cfg.defaultRunPath());
        PrintStream log = new PrintStream(new WriterOutputStream(spec.commandLine().getErr()), true,
                java.nio.charset.StandardCharsets.UTF_8);
        RunResult r = new RunLoop(cfg, dir, new RunOptions(force, maxBatches, common.quiet,
                rec -> {}), log).run();
        spec.commandLine().getOut().println(r.status().name().toLowerCase(java.util.Locale.ROOT)
                + ": " + dir);
        spec.commandLine().getOut().flush();
        return r.status().exitCode;
    }
}

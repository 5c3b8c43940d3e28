package org.adabayes.cli;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.io.OutPaths;
import org.adabayes.parity.Parity;
import org.adabayes.parity.ParityReference;
import org.adabayes.parity.WholeRunParity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code adabayes parity CONFIG}: a run's first steps, or its first whole epochs, beside the
 * PyTorch reference's replay of them.
 */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Take a run's first N training steps (--steps) or whole epochs "
                + "(--epochs) in the harness and in the project's PyTorch reference (Debian's "
                + "python3-torch), on the same weights and batches, and compare: exit 0 when "
                + "within the tolerances (float64; float32 is reported), 1 when not.")
final class ParityCommand extends Subcommand {
    /** The two precisions parity runs in. */
    enum Precision {
        FLOAT64, FLOAT32;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Run config (.yaml/.json).")
    Path config;

    @Option(names = "--steps", paramLabel = "N", description = "Training steps from the "
            + "start of the run (default 20; not with --epochs).")
    Integer steps;

    @Option(names = "--epochs", paramLabel = "N", description = "Instead of steps: N whole "
            + "epochs of the run (1 to the config's schedule.epochs), every batch, the schedule "
            + "and a test evaluation after each, compared epoch by epoch.")
    Integer epochs;

    @Option(names = "--dump-batches", description = "With --epochs: also write batches.npz "
            + "(every fed batch) and testset.npz (the test subset as evaluated), at most "
            + "1 GiB together.")
    boolean dumpBatches;

    @Option(names = "--precision", defaultValue = "float64",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Precision precision;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config field "
            + "(repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", defaultValue = "parity", paramLabel = "DIR",
            description = "Where the files go (default ${DEFAULT-VALUE}).")
    Path out;

    @Override
    protected void validate() {
        require(steps == null || epochs == null, "--steps", "cannot be used with --epochs");
        require(steps == null || steps >= 1, "--steps", "must be >= 1, got " + steps);
        require(epochs == null || epochs >= 1, "--epochs", "must be >= 1, got " + epochs);
        require(!dumpBatches || epochs != null, "--dump-batches", "needs --epochs");
        OutPaths.directory(out, "--out");
    }

    @Override
    protected ExitCode execute() throws Exception {
        RunConfig cfg = ConfigLoader.load(config, overrides);
        DataType dtype = precision == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        boolean pass = epochs != null
                ? WholeRunParity.run(cfg, new WholeRunParity.Options(epochs, dtype, out,
                        ParityReference.python(), dumpBatches), out())
                : Parity.run(cfg, new Parity.Options(steps == null ? 20 : steps, dtype, out,
                        ParityReference.python()), out());
        return pass ? ExitCode.OK : ExitCode.FAILED;
    }
}

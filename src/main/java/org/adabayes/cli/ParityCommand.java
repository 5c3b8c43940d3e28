package org.adabayes.cli;

import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.io.OutPaths;
import org.adabayes.train.Parity;
import org.adabayes.train.ParityReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes parity CONFIG}: a run's first steps beside the PyTorch reference's. */
@Command(name = "parity", mixinStandardHelpOptions = true,
        description = "Take a run's first N training steps in the harness and in the project's "
                + "PyTorch reference (Debian's python3-torch), on the same weights and batches, "
                + "and compare: exit 0 when within the tolerances, 1 when not.")
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

    @Option(names = "--steps", defaultValue = "20", description = "Training steps (default "
            + "${DEFAULT-VALUE}).")
    int steps;

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
        require(steps >= 1, "--steps", "must be >= 1, got " + steps);
        OutPaths.directory(out, "--out");
    }

    @Override
    protected int execute() throws Exception {
        RunConfig cfg = ConfigLoader.load(config, overrides);
        DataType dtype = precision == Precision.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        boolean pass = Parity.run(cfg, new Parity.Options(steps, dtype, out,
                ParityReference.python()), out());
        return pass ? 0 : 1;
    }
}

package org.adabayes.cli;

import java.nio.file.Path;
import org.adabayes.io.OutPaths;
import org.adabayes.parity.Export;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes export RUN_DIR --out model.npz}: a run's weights for PyTorch. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a run's last checkpoint as a PyTorch state_dict (.npz, kuangliu's "
                + "keys) that load_state_dict(strict=True) accepts.")
final class ExportCommand extends Subcommand {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory.")
    Path run;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .npz file to write: the "
            + "run's last checkpointed weights and BatchNorm buffers under PyTorch's state_dict "
            + "names, loadable with numpy.load (e.g. model.npz).")
    Path out;

    @Override
    protected void validate() {
        OutPaths.file(out, "--out");
    }

    @Override
    protected ExitCode execute() throws Exception {
        int n = Export.run(run, out);
        out().println("wrote " + out + " (" + n + " arrays)");
        return ExitCode.OK;
    }
}

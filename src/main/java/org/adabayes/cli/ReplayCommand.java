package org.adabayes.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.config.ConfigLoader;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.OutPaths;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.GradientReplay;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.PaperNetwork;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code adabayes replay}: a gradient history through an optimizer ({@link GradientReplay}). */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a gradient sequence (CSV) through an optimizer; write the weights "
                + "after each step (and the AdaBayes pair's per-element learning rates).")
final class ReplayCommand extends Subcommand {
    @Option(names = "--optimizer", required = true, paramLabel = "NAME",
            description = "One of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    OptimizerKind optimizer;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Hyper-parameter override, e.g. --set lr=0.01 (repeatable).")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--grads", required = true, paramLabel = "FILE",
            description = "CSV with header step,g0,g1,...: mean-loss gradients, one row a step.")
    Path grads;

    @Option(names = "--init", paramLabel = "FILE",
            description = "CSV with the same columns holding one row of initial weights "
                    + "(default zeros).")
    Path init;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "B",
            description = "Minibatch size B (the AdaBayes pair scale gradients by it; default "
                    + "${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--model", defaultValue = "resnet34", paramLabel = "MODEL",
            description = "Whose paper defaults to use: ${COMPLETION-CANDIDATES} (default "
                    + "${DEFAULT-VALUE}).")
    PaperNetwork model;

    @Option(names = "--lr-factor", defaultValue = "1", paramLabel = "F",
            description = "Schedule factor applied to every step (default ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "traj.csv")
    Path out;

    /** Completion candidates for --optimizer: the registry's names. */
    static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            for (OptimizerKind k : OptimizerKind.values()) {
                add(k.id());
            }
        }
    }

    @Override
    protected void validate() {
        require(batchSize > 0, "--batch-size", "must be positive, got " + batchSize);
        require(factor > 0 && Double.isFinite(factor), "--lr-factor",
                "must be a positive number, got " + factor);
        OutPaths.file(out, "--out");
    }

    @Override
    protected ExitCode execute() throws Exception {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", optimizer.id());
        OptimizerOptions o = ConfigLoader.bind(ConfigLoader.applyOverrides(node, overrides),
                OptimizerOptions.class, "--set", overrides).resolve(model, batchSize);
        double[][] g = GradientReplay.readMatrix(grads);
        int n = g[0].length;
        double[] w0 = init == null ? new double[n] : GradientReplay.readMatrix(init)[0];
        if (w0.length != n) {
            throw new UserInputException(init + ": has " + w0.length + " weights, " + grads
                    + " has " + n + " gradient columns");
        }
        AtomicFiles.writeString(out, GradientReplay.run(o, batchSize, factor, g, w0));
        out().println("replayed " + g.length + " steps of " + n + " elements through "
                + o.displayName() + ": " + out);
        return ExitCode.OK;
    }
}

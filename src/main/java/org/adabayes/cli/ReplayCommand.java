package org.adabayes.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.LongStream;
import org.adabayes.config.ConfigException;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.OptimizerSpec;
import org.adabayes.optim.AdaBayes;
import org.adabayes.optim.AdaBayesFp;
import org.adabayes.optim.LrTrace;
import org.adabayes.optim.Optimizers;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.train.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code adabayes replay}: runs a recorded gradient sequence through the real DJL optimizer,
 * element-wise, with no network, to see how an optimizer reacts to a gradient history.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay a gradient sequence (CSV) through an optimizer; write the weights "
                + "after each step (and the AdaBayes pair's per-element learning rates).")
public final class ReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--optimizer", required = true, paramLabel = "NAME",
            description = "One of: ${COMPLETION-CANDIDATES}", completionCandidates = Names.class)
    String optimizer;

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
            description = "Whose paper defaults to use (resnet34 | densenet121; default "
                    + "${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--lr-factor", defaultValue = "1", paramLabel = "F",
            description = "Schedule factor applied to every step (default ${DEFAULT-VALUE}).")
    double factor;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "traj.csv")
    Path out;

    /** Completion candidates for --optimizer. */
    static final class Names extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        Names() {
            super(OptimizerSpec.NAMES);
        }
    }

    @Override
    public Integer call() throws IOException {
        if (batchSize <= 0) {
            throw new ConfigException("--batch-size: must be positive, got " + batchSize);
        }
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("name", optimizer);
        OptimizerSpec o = ConfigLoader.bind(ConfigLoader.applyOverrides(node, overrides),
                OptimizerSpec.class, "--set").resolve(
                        model.startsWith("densenet") ? "densenet121" : "resnet34", batchSize);
        double[][] g = readMatrix(grads);
        int n = g[0].length;
        double[] w0 = init == null ? new double[n] : readMatrix(init)[0];
        if (w0.length != n) {
            throw new ConfigException(init + ": has " + w0.length + " weights, " + grads + " has "
                    + n + " gradient columns");
        }
        StatefulOptimizer opt = Optimizers.create(o, batchSize);
        boolean bayes = opt instanceof AdaBayes || opt instanceof AdaBayesFp;
        LrTrace trace = null;
        if (bayes) {
            trace = new LrTrace(1, Map.of("w", LongStream.range(0, n).toArray()));
            opt.setTrace(trace);
        }
        opt.setScheduleFactor(factor);
        StringBuilder sb = new StringBuilder("step");
        for (int i = 0; i < n; i++) {
            sb.append(",w").append(i);
        }
        if (bayes) {
            for (int i = 0; i < n; i++) {
                sb.append(",lr").append(i);
            }
        }
        sb.append('\n');
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(toFloat(w0));
            for (int t = 0; t < g.length; t++) {
                NDArray grad = m.create(toFloat(g[t]));
                opt.update("w", w, grad);
                grad.close();
                sb.append(t + 1);
                for (float x : w.toFloatArray()) {
                    sb.append(',').append(fmt(x));
                }
                if (trace != null) {
                    for (LrTrace.Row r : trace.drain()) {
                        sb.append(',').append(fmt(r.s2Post()));
                    }
                }
                sb.append('\n');
            }
        } finally {
            opt.close();
        }
        AtomicFiles.writeString(out, sb.toString());
        spec.commandLine().getOut().println("replayed " + g.length + " steps of " + n
                + " elements through " + o.displayName() + ": " + out);
        return 0;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.9g", v);
    }

    private static float[] toFloat(double[] d) {
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return f;
    }

    /** Rows of numbers after a header; a leading "step" column is dropped. */
    static double[][] readMatrix(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new ConfigException(file + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        lines.removeIf(String::isBlank);
        if (lines.size() < 2) {
            throw new ConfigException(file + ": needs a header and at least one row");
        }
        String[] header = lines.get(0).split(",");
        boolean stepCol = header[0].trim().equals("step");
        int cols = header.length - (stepCol ? 1 : 0);
        if (cols == 0) {
            throw new ConfigException(file + ": no value columns in the header");
        }
        double[][] rows = new double[lines.size() - 1][cols];
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",", -1);
            if (f.length != header.length) {
                throw new ConfigException(file + ": line " + (r + 1) + " has " + f.length
                        + " fields, the header " + header.length);
            }
            for (int c = 0; c < cols; c++) {
                String cell = f[c + (stepCol ? 1 : 0)].trim();
                try {
                    rows[r - 1][c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new ConfigException(file + ": line " + (r + 1) + ", column "
                            + header[c + (stepCol ? 1 : 0)].trim() + ": not a number: '" + cell
                            + "'");
                }
            }
        }
        return rows;
    }
}

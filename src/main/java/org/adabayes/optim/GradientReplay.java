package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.adabayes.io.UserInputException;

/**
 * Runs a recorded gradient sequence through the real DJL optimizer, element-wise, with no network:
 * how an optimizer reacts to a gradient history. The output is CSV: the weights after each step
 * and, for the AdaBayes family, each element's learning rate sigma^2_post.
 */
public final class GradientReplay {
    private GradientReplay() {}

    /**
     * The trajectory as CSV text.
     *
     * @param grads one row of mean-loss gradients per step
     * @param w0 the initial weights
     */
    public static String run(OptimizerOptions spec, int batchSize, double factor, double[][] grads,
            double[] w0) {
        int n = w0.length;
        StatefulOptimizer opt = spec.create(batchSize);
        boolean rates = spec.kind().isBayesian();
        List<Float> lrs = new ArrayList<>();
        LrTrace trace = new LrTrace(1, Map.of("w", LongStream.range(0, n).toArray()),
                (step, p, i, s2Post, adam) -> lrs.add(s2Post));
        if (rates) {
            opt.setTrace(trace);
        }
        opt.setScheduleFactor(factor);
        StringBuilder sb = new StringBuilder("step");
        for (int i = 0; i < n; i++) {
            sb.append(",w").append(i);
        }
        for (int i = 0; rates && i < n; i++) {
            sb.append(",lr").append(i);
        }
        sb.append('\n');
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(toFloat(w0));
            for (int t = 0; t < grads.length; t++) {
                try (NDArray grad = m.create(toFloat(grads[t]))) {
                    opt.update("w", w, grad);
                }
                sb.append(t + 1);
                for (float x : w.toFloatArray()) {
                    sb.append(',').append(fmt(x));
                }
                for (float lr : lrs) {
                    sb.append(',').append(fmt(lr));
                }
                lrs.clear();
                sb.append('\n');
            }
        } finally {
            opt.close();
        }
        return sb.toString();
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
    public static double[][] readMatrix(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage());
        }
        lines.removeIf(String::isBlank);
        if (lines.size() < 2) {
            throw new UserInputException(file + ": needs a header and at least one row");
        }
        String[] header = lines.get(0).split(",");
        int skip = header[0].trim().equals("step") ? 1 : 0;
        int cols = header.length - skip;
        if (cols == 0) {
            throw new UserInputException(file + ": no value columns in the header");
        }
        double[][] rows = new double[lines.size() - 1][cols];
        for (int r = 1; r < lines.size(); r++) {
            String[] f = lines.get(r).split(",", -1);
            if (f.length != header.length) {
                throw new UserInputException(file + ": line " + (r + 1) + " has " + f.length
                        + " fields, the header " + header.length);
            }
            for (int c = 0; c < cols; c++) {
                String cell = f[c + skip].trim();
                try {
                    rows[r - 1][c] = Double.parseDouble(cell);
                } catch (NumberFormatException e) {
                    throw new UserInputException(file + ": line " + (r + 1) + ", column "
                            + header[c + skip].trim() + ": not a number: '" + cell + "'");
                }
            }
        }
        return rows;
    }
}

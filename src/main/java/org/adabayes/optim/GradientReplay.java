package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.LongStream;
import org.adabayes.io.Csv;
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
        List<String> header = new ArrayList<>(List.of("step"));
        for (int i = 0; i < n; i++) {
            header.add("w" + i);
        }
        for (int i = 0; rates && i < n; i++) {
            header.add("lr" + i);
        }
        List<List<String>> rows = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(toFloat(w0));
            for (int t = 0; t < grads.length; t++) {
                try (NDArray grad = m.create(toFloat(grads[t]))) {
                    opt.update("w", w, grad);
                }
                List<String> row = new ArrayList<>(List.of(String.valueOf(t + 1)));
                for (float x : w.toFloatArray()) {
                    row.add(fmt(x));
                }
                for (float lr : lrs) {
                    row.add(fmt(lr));
                }
                lrs.clear();
                rows.add(row);
            }
        } finally {
            opt.close();
        }
        return Csv.write(header, rows);
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
        Csv.Rows rows = Csv.read(file);
        if (rows.size() < 1) {
            throw new UserInputException(file + ": needs a header and at least one row");
        }
        int skip = rows.header().get(0).equals("step") ? 1 : 0;
        int cols = rows.header().size() - skip;
        if (cols == 0) {
            throw new UserInputException(file + ": no value columns in the header");
        }
        rows.requireWidth(rows.header().size());
        double[][] out = new double[rows.size()][cols];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols; c++) {
                out[r][c] = rows.number(r, c + skip);
            }
        }
        return out;
    }
}

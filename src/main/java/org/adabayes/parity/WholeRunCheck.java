package org.adabayes.parity;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.Csv;
import org.adabayes.rundir.EpochRecord;

/**
 * Sets the harness's whole run beside the reference's replay of it, epoch by epoch. In float64
 * the two runs are one computation up to rounding (~1e-15 a step, and training over a few epochs
 * amplifies it by orders of magnitude at most), so every per-epoch number is held to
 * {@value #EPOCH_64} relative and the final weights to {@value #WEIGHTS_64} of the distance they
 * moved; a difference of rule, schedule, data or evaluation is many orders above that. In float32
 * training is chaotic, so everything is reported and nothing gated: paired runs over many seeds
 * ({@code scripts/parity/paired.sh}) judge float32.
 */
final class WholeRunCheck {
    /** float64: each per-epoch loss and error, relative. */
    static final double EPOCH_64 = 1e-9;
    /** float64: final weights, relative to the distance moved; BatchNorm buffers, relative. */
    static final double WEIGHTS_64 = 1e-7;

    static final String HEADER = "epoch,lr_factor,train_loss,train_error,test_loss,test_error";
    private static final String[] METRICS = {"train_loss", "train_error", "test_loss",
        "test_error"};

    private WholeRunCheck() {}

    /** The epochs.csv columns at full precision (each double as its shortest exact decimal). */
    static String csv(List<EpochRecord> rows) {
        return Csv.write(List.of(HEADER.split(",")), rows.stream().map(r -> List.of(
                String.valueOf(r.epoch()), String.valueOf(r.lrFactor()),
                String.valueOf(r.trainLoss()), String.valueOf(r.trainError()),
                String.valueOf(r.testLoss()), String.valueOf(r.testError()))).toList());
    }

    static List<ParityCheck.Line> compare(Path dir, DataType precision) throws IOException {
        return compare(dir, precision, "torch");
    }

    /**
     * harness-epochs.csv against PREFIX-epochs.csv and final.npz against PREFIX-final.npz;
     * writes parity-epochs.csv (one row per epoch and metric).
     */
    static List<ParityCheck.Line> compare(Path dir, DataType precision, String prefix)
            throws IOException {
        boolean f64 = precision == DataType.FLOAT64;
        double[][] h = read(dir.resolve("harness-epochs.csv"));
        double[][] t = read(dir.resolve(prefix + "-epochs.csv"));
        if (h.length != t.length) {
            throw new IOException(prefix + "-epochs.csv has " + t.length + " epochs, "
                    + "harness-epochs.csv " + h.length);
        }
        List<List<String>> csv = new ArrayList<>();
        List<ParityCheck.Line> lines = new ArrayList<>();
        for (int m = 0; m < METRICS.length; m++) {
            double worst = 0;
            int at = 0;
            for (int e = 0; e < h.length; e++) {
                if (h[e][1] != t[e][1]) {
                    throw new IOException("epoch " + e + ": schedule factor " + h[e][1]
                            + " in the harness, " + t[e][1] + " in the reference");
                }
                double a = h[e][m + 2];
                double b = t[e][m + 2];
                double rel = a == b ? 0
                        : Math.abs(a - b) / Math.max(Math.abs(b), Double.MIN_NORMAL);
                csv.add(List.of(String.valueOf(e), METRICS[m], String.valueOf(a),
                        String.valueOf(b), String.format(Locale.ROOT, "%.3e", rel)));
                if (!(rel <= worst)) {
                    worst = rel;
                    at = e;
                }
            }
            lines.add(new ParityCheck.Line(METRICS[m].replace('_', ' ') + " per epoch", worst,
                    String.format(Locale.ROOT, "at epoch %d (final: %s vs %s)", at,
                            h[h.length - 1][m + 2], t[t.length - 1][m + 2]), EPOCH_64, f64));
        }
        lines.addAll(ParityCheck.finalState(dir, WEIGHTS_64, WEIGHTS_64, f64, prefix));
        AtomicFiles.writeString(dir.resolve("parity-epochs.csv"), Csv.write(
                List.of("epoch", "metric", "harness", "torch", "rel_diff"), csv));
        return lines;
    }

    /** Rows of an epochs CSV with the columns of {@link #HEADER}. */
    static double[][] read(Path file) {
        Csv.Rows rows = Csv.read(file);
        rows.requireHeader(List.of(List.of(HEADER.split(","))), "a parity epochs file ("
                + HEADER + ")");
        rows.requireWidth(6);
        double[][] out = new double[rows.size()][6];
        for (int i = 0; i < rows.size(); i++) {
            for (int c = 0; c < 6; c++) {
                out[i][c] = rows.number(i, c);
            }
        }
        return out;
    }
}

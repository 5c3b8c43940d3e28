package org.adabayes.parity;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;
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
        StringBuilder b = new StringBuilder(HEADER).append('\n');
        for (EpochRecord r : rows) {
            b.append(r.epoch()).append(',').append(r.lrFactor()).append(',')
                    .append(r.trainLoss()).append(',').append(r.trainError()).append(',')
                    .append(r.testLoss()).append(',').append(r.testError()).append('\n');
        }
        return b.toString();
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
        StringBuilder csv = new StringBuilder("epoch,metric,harness,torch,rel_diff\n");
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
                csv.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%.3e%n", e, METRICS[m], a, b,
                        rel));
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
        AtomicFiles.writeString(dir.resolve("parity-epochs.csv"), csv.toString());
        return lines;
    }

    /** Rows of an epochs CSV with the columns of {@link #HEADER}. */
    static double[][] read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": missing");
        }
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw new UserInputException(file + ": header must be " + HEADER);
        }
        double[][] out = new double[lines.size() - 1][];
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 6) {
                throw new UserInputException(file + ": line " + (i + 1) + " has " + f.length
                        + " fields, expected 6");
            }
            out[i - 1] = new double[6];
            for (int c = 0; c < 6; c++) {
                try {
                    out[i - 1][c] = Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    throw new UserInputException(file + ": line " + (i + 1) + ": '" + f[c]
                            + "' is not a number");
                }
            }
        }
        return out;
    }
}

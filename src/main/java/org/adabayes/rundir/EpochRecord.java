package org.adabayes.rundir;

import java.util.Locale;

/**
 * One row of epochs.csv: errors in percent, losses as mean cross-entropy, and the throughput that
 * lets a researcher size a sweep.
 */
public record EpochRecord(int epoch, double lrFactor, double trainLoss, double trainError,
        double testLoss, double testError, double epochSeconds, double trainImagesPerSecond) {

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%.3f,%.1f", epoch, num(lrFactor),
                num(trainLoss), num(trainError), num(testLoss), num(testError), epochSeconds,
                trainImagesPerSecond);
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    /** One CSV row; the error names the column that is not a number. */
    public static EpochRecord parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != EpochCsv.COLUMNS.size()) {
            throw new IllegalArgumentException("has " + f.length + " fields, expected "
                    + EpochCsv.COLUMNS.size());
        }
        double[] v = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            try {
                v[i] = Double.parseDouble(f[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("column " + EpochCsv.COLUMNS.get(i)
                        + ": not a number: '" + f[i] + "'");
            }
        }
        return new EpochRecord((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /** The one line an epoch leaves in a run's log, of {@code epochs} in the schedule. */
    public String logLine(int epochs) {
        return String.format(java.util.Locale.ROOT,
                "epoch %d/%d lr x%s  train loss %.4f err %.2f%%  test loss %.4f err %.2f%%  "
                        + "%.1fs %.0f img/s",
                epoch + 1, epochs, lrFactor, trainLoss, trainError, testLoss, testError,
                epochSeconds, trainImagesPerSecond);
    }
}

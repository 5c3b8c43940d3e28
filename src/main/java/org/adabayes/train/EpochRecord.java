package org.adabayes.train;

import java.util.Locale;

/**
 * One row of epochs.csv: errors in percent, losses as mean cross-entropy, and the throughput that
 * lets a researcher size a sweep.
 */
public record EpochRecord(int epoch, double lrFactor, double trainLoss, double trainError,
        double testLoss, double testError, double epochSeconds, double trainImagesPerSecond) {

    public static final String HEADER = "epoch,lr_factor,train_loss,train_error,test_loss,"
            + "test_error,epoch_seconds,train_images_per_second";

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

    public static EpochRecord parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 8) {
            throw new IllegalArgumentException("expected 8 fields, got " + f.length);
        }
        return new EpochRecord(Integer.parseInt(f[0].trim()), d(f[1]), d(f[2]), d(f[3]), d(f[4]),
                d(f[5]), d(f[6]), d(f[7]));
    }

    private static double d(String s) {
        return Double.parseDouble(s.trim());
    }
}

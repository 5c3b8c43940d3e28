package org.adabayes.rundir;

import java.util.List;
import java.util.Locale;

/**
 * One row of epochs.csv: errors in percent, losses as mean cross-entropy, and the throughput that
 * lets a researcher size a sweep. The wall clock of an epoch is split into training, evaluation
 * and checkpointing (AlgoPerf's submission, evaluation and logging time), so the parts add up to
 * {@code epochSeconds}; files written before the split read with those three columns NaN.
 */
public record EpochRecord(int epoch, double lrFactor, double trainLoss, double trainError,
        double testLoss, double testError, double epochSeconds, double trainImagesPerSecond,
        double trainSeconds, double evalSeconds, double checkpointSeconds) {

    /** A row without the split of its wall clock (a file written before the split existed). */
    public EpochRecord(int epoch, double lrFactor, double trainLoss, double trainError,
            double testLoss, double testError, double epochSeconds,
            double trainImagesPerSecond) {
        this(epoch, lrFactor, trainLoss, trainError, testLoss, testError, epochSeconds,
                trainImagesPerSecond, Double.NaN, Double.NaN, Double.NaN);
    }

    /** The same row with its checkpoint time known and the epoch's wall clock closed. */
    public EpochRecord withCheckpoint(double seconds, double wallSeconds) {
        return new EpochRecord(epoch, lrFactor, trainLoss, trainError, testLoss, testError,
                wallSeconds, trainImagesPerSecond, trainSeconds, evalSeconds, seconds);
    }

    /** The row's fields as epochs.csv holds them (losses and errors to six digits). */
    public List<String> fields() {
        return List.of(String.valueOf(epoch), num(lrFactor), num(trainLoss), num(trainError),
                num(testLoss), num(testError), String.format(Locale.ROOT, "%.3f", epochSeconds),
                String.format(Locale.ROOT, "%.1f", trainImagesPerSecond), secs(trainSeconds),
                secs(evalSeconds), secs(checkpointSeconds));
    }

    private static String num(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    private static String secs(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.3f", v);
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

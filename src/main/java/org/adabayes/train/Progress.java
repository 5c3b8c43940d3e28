package org.adabayes.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.adabayes.rundir.EpochRecord;

/**
 * A bar over one epoch's batches with img/s and ETA on a terminal; nothing per batch when quiet or
 * piped (a log file full of carriage returns helps nobody), where the epoch line says it all.
 * The epoch line ({@link #epochLine}) is formatted here too.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long images;

    Progress(String task, int batches, boolean quiet, PrintStream err) {
        if (quiet || System.console() == null) {
            bar = null;
        } else {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).build();
        }
    }

    void step(int batchImages) {
        images += batchImages;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(String.format(Locale.ROOT, " %.0f img/s", imagesPerSecond()));
        }
    }

    double imagesPerSecond() {
        double s = (System.nanoTime() - start) / 1e9;
        return s > 0 ? images / s : 0;
    }

    /** The one line an epoch leaves in the log. */
    static String epochLine(EpochRecord r, int epochs) {
        return String.format(Locale.ROOT,
                "epoch %d/%d lr x%s  train loss %.4f err %.2f%%  test loss %.4f err %.2f%%  "
                        + "%.1fs %.0f img/s",
                r.epoch() + 1, epochs, r.lrFactor(), r.trainLoss(), r.trainError(), r.testLoss(),
                r.testError(), r.epochSeconds(), r.trainImagesPerSecond());
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

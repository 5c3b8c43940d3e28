package org.adabayes.train;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A bar over one epoch's batches with img/s and ETA on a terminal; nothing per batch when quiet or
 * piped (a log file full of carriage returns helps nobody), where the epoch line says it all.
 */
final class Progress implements AutoCloseable {
    private final ProgressBar bar;
    private final long start = System.nanoTime();
    private long images;

    /** A bar over {@code batches} steps of which {@code done} were done before (a resume). */
    Progress(String task, int batches, int done, boolean quiet, PrintStream err) {
        if (quiet || System.console() == null) {
            bar = null;
        } else {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(batches)
                    .startsFrom(done, java.time.Duration.ZERO)
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

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}

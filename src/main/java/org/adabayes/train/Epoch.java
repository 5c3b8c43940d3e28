package org.adabayes.train;

import java.io.PrintStream;
import java.util.Locale;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;
import org.adabayes.data.Splits;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;

/**
 * One epoch of a run: the (seed, epoch) stream of shuffled, augmented minibatches trained at the
 * epoch's schedule factor, the short last batch included, then the whole test subset evaluated in
 * inference mode ({@link Evaluation}). {@link RunLoop} and the whole-run parity check
 * ({@code parity.WholeRunParity}) both take their epochs here, so what parity proves about an
 * epoch holds for {@code train}'s.
 */
public final class Epoch {
    /** Steps between reads of the running loss (the only host reads within an epoch). */
    static final int CHECK_EVERY = 50;

    /** Sees what each training step was fed (parity records the stream). */
    public interface Recorder {
        /**
         * One step's batch: the images {@code order[from .. from+n)} with {@code draws} (null when
         * the run does not augment), fed as {@code x} (n x C x H x W) with {@code labels}.
         */
        void batch(int epoch, int[] order, int from, int n, BatchAugmenter.Draws draws,
                float[] x, int[] labels);
    }

    private final RunConfig cfg;
    private final Splits data;
    private final Normalization norm;
    private final int maxBatches;
    private final boolean quiet;
    private final PrintStream log;
    private final Recorder recorder;
    private final Evaluation evaluation;

    /**
     * @param maxBatches at most this many training batches per epoch (0: all)
     * @param recorder sees every step's batch, or null
     */
    public Epoch(RunConfig cfg, Splits data, int maxBatches, boolean quiet, PrintStream log,
            Recorder recorder) {
        this.cfg = cfg;
        this.data = data;
        this.norm = Normalization.forDataset(cfg.dataset().name(), cfg.dataset().normalization());
        this.maxBatches = maxBatches;
        this.quiet = quiet;
        this.log = log;
        this.recorder = recorder;
        this.evaluation = new Evaluation(data.test(), norm, cfg.testBatchSize());
    }

    /** Trains epoch {@code epoch} and evaluates; a non-finite training loss gives a NaN row. */
    public EpochRecord run(int epoch, TrainStep step, StatefulOptimizer optimizer) {
        long t0 = System.nanoTime();
        double factor = cfg.schedule().factor(epoch);
        optimizer.setScheduleFactor(factor);
        ImageSet train = data.train();
        BatchAugmenter aug = new BatchAugmenter(train, norm, 4);
        int[] order = Seeds.permutation(train.size(), cfg.seed(), epoch);
        int bs = cfg.batchSize();
        int batches = (train.size() + bs - 1) / bs;
        if (maxBatches > 0) {
            batches = Math.min(batches, maxBatches);
        }
        float[] buf = new float[bs * train.imageSize()];
        int[] labels = new int[bs];
        try (Progress progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d",
                epoch + 1, cfg.schedule().epochs()), batches, quiet, log)) {
            for (int b = 0; b < batches; b++) {
                int n = Math.min(bs, train.size() - b * bs);
                BatchAugmenter.Draws draws = cfg.dataset().augment()
                        ? aug.draw(Seeds.forBatch(cfg.seed(), epoch, b), n) : null;
                aug.fillDrawn(order, b * bs, n, draws, buf, labels);
                if (recorder != null) {
                    recorder.batch(epoch, order, b * bs, n, draws, buf, labels);
                }
                step.train(buf, labels, n);
                progress.step(n);
                if ((b + 1) % CHECK_EVERY == 0 && b + 1 < batches
                        && !Double.isFinite(step.peek().lossSum())) {
                    break;
                }
            }
        }
        TrainStep.Sums tr = step.drain();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(tr.lossSum())) {
            return new EpochRecord(epoch, factor, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    seconds, 0);
        }
        long t1 = System.nanoTime();
        TrainStep.Sums te = evaluation.run(step);
        long t2 = System.nanoTime();
        return new EpochRecord(epoch, factor, tr.meanLoss(), tr.errorPercent(), te.meanLoss(),
                te.errorPercent(), (t2 - t0) / 1e9, tr.images() / seconds, (t1 - t0) / 1e9,
                (t2 - t1) / 1e9, Double.NaN);
    }
}

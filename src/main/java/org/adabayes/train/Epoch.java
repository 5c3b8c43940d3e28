package org.adabayes.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;
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
 * epoch holds for {@code train}'s. Between steps (and between evaluation batches) it reads the
 * stop request; a requested stop ends the epoch early with its {@link EpochPosition}, from which
 * a later invocation continues as if nothing had happened.
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

    /** How an epoch ended: with its row, or stopped by a signal at a position. */
    public sealed interface Outcome permits Finished, Stopped {}

    /** The epoch ran to the end: its row (checkpoint time not yet known). */
    public record Finished(EpochRecord row) implements Outcome {}

    /** A signal stopped the epoch at a step boundary. */
    public record Stopped(EpochPosition at, StopSignals.Kind signal) implements Outcome {}

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

    /** Trains epoch {@code epoch} and evaluates, with nothing to stop it. */
    public EpochRecord run(int epoch, TrainStep step, StatefulOptimizer optimizer) {
        return ((Finished) run(epoch, null, step, optimizer, () -> null)).row();
    }

    /** Steps in an epoch of this run. */
    public int batches() {
        int bs = cfg.batchSize();
        int n = (data.train().size() + bs - 1) / bs;
        return maxBatches > 0 ? Math.min(n, maxBatches) : n;
    }

    /**
     * Trains epoch {@code epoch} from its start, or from {@code from} (a mid-epoch checkpoint's
     * position, whose sums are loaded into {@code step}), and evaluates; a non-finite training
     * loss gives a NaN row.
     */
    public Outcome run(int epoch, EpochPosition from, TrainStep step,
            StatefulOptimizer optimizer, Supplier<StopSignals.Kind> stop) {
        long t0 = System.nanoTime();
        double factor = cfg.schedule().factor(epoch);
        optimizer.setScheduleFactor(factor);
        ImageSet train = data.train();
        int[] order = from != null ? from.order()
                : Seeds.permutation(train.size(), cfg.seed(), epoch);
        int batches = batches();
        int first = from != null ? Math.min(from.step(), batches) : 0;
        double trainBefore = from != null ? from.trainSeconds() : 0;
        double evalBefore = from != null ? from.evalSeconds() : 0;
        TrainStep.Sums tr;
        if (from != null && from.trained()) {
            tr = new TrainStep.Sums(from.lossSum(), from.wrong(), from.images());
        } else {
            if (from != null) {
                step.restore(new TrainStep.Sums(from.lossSum(), from.wrong(), from.images()));
            }
            int done = trainSteps(epoch, order, first, batches, step, stop);
            double trained = trainBefore + (System.nanoTime() - t0) / 1e9;
            if (done < batches) {
                TrainStep.Sums s = step.peek();
                return new Stopped(new EpochPosition(epoch, done, batches, order, s.lossSum(),
                        s.wrong(), s.images(), trained, evalBefore), stop.get());
            }
            tr = step.drain();
        }
        long t1 = System.nanoTime();
        double trainSeconds = trainBefore + (from != null && from.trained() ? 0
                : (t1 - t0) / 1e9);
        if (!Double.isFinite(tr.lossSum())) {
            return new Finished(new EpochRecord(epoch, factor, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, trainSeconds + evalBefore, 0, trainSeconds,
                    evalBefore, Double.NaN));
        }
        TrainStep.Sums te = evaluation.run(step, stop);
        double evalSeconds = evalBefore + (System.nanoTime() - t1) / 1e9;
        if (te == null) {
            return new Stopped(new EpochPosition(epoch, batches, batches, order, tr.lossSum(),
                    tr.wrong(), tr.images(), trainSeconds, evalSeconds), stop.get());
        }
        return new Finished(new EpochRecord(epoch, factor, tr.meanLoss(), tr.errorPercent(),
                te.meanLoss(), te.errorPercent(), trainSeconds + evalSeconds,
                tr.images() / trainSeconds, trainSeconds, evalSeconds, Double.NaN));
    }

    /**
     * Trains steps {@code first..batches-1}, reading the stop request before each; returns the
     * steps of the epoch done (all of them, or fewer when stopped or the loss stopped being
     * finite, which the caller tells apart by the sums).
     */
    private int trainSteps(int epoch, int[] order, int first, int batches, TrainStep step,
            Supplier<StopSignals.Kind> stop) {
        ImageSet train = data.train();
        BatchAugmenter aug = new BatchAugmenter(train, norm, 4);
        int bs = cfg.batchSize();
        float[] buf = new float[bs * train.imageSize()];
        int[] labels = new int[bs];
        try (Progress progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d",
                epoch + 1, cfg.schedule().epochs()), batches, first, quiet, log)) {
            for (int b = first; b < batches; b++) {
                if (stop.get() != null) {
                    return b;
                }
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
                    return batches;
                }
            }
        }
        return batches;
    }
}

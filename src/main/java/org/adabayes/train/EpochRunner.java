package org.adabayes.train;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.Supplier;
import org.adabayes.config.RunConfig;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;

/**
 * Runs a run's epochs one at a time: epoch e's training batches from the {@link BatchStream} at
 * the epoch's schedule factor, then the test set evaluated ({@link Evaluation}). {@link RunLoop}
 * and the whole-run parity check ({@code parity.WholeRunParity}) both take their epochs here, so
 * what parity proves about an epoch holds for {@code train}'s. Between steps (and between
 * evaluation batches) it reads the stop request; a requested stop ends the epoch early with its
 * {@link EpochPosition}, from which a later invocation continues as if nothing had happened.
 */
public final class EpochRunner {
    /** Steps between reads of the running loss (the only host reads within an epoch). */
    static final int CHECK_EVERY = 50;

    /** How an epoch ended: with its row, or stopped by a signal at a position. */
    public sealed interface Outcome permits Finished, Stopped {}

    /** The epoch ran to the end: its row (checkpoint time not yet known). */
    public record Finished(EpochRecord row) implements Outcome {}

    /** A signal stopped the epoch at a step boundary. */
    public record Stopped(EpochPosition at, StopSignals.Kind signal) implements Outcome {}

    private final RunConfig cfg;
    private final BatchStream stream;
    private final Evaluation evaluation;
    private final int maxBatches;
    private final boolean quiet;
    private final PrintStream console;

    /**
     * @param maxBatches at most this many training batches per epoch (0: all)
     * @param console where a progress bar may go
     */
    public EpochRunner(RunConfig cfg, BatchStream stream, Evaluation evaluation, int maxBatches,
            boolean quiet, PrintStream console) {
        this.cfg = cfg;
        this.stream = stream;
        this.evaluation = evaluation;
        this.maxBatches = maxBatches;
        this.quiet = quiet;
        this.console = console;
    }

    /** Trains epoch {@code epoch} and evaluates, with nothing to stop it. */
    public EpochRecord run(int epoch, TrainStep step, StatefulOptimizer optimizer) {
        return ((Finished) run(epoch, null, step, optimizer, () -> null)).row();
    }

    /** Steps in an epoch of this run. */
    public int batches() {
        return stream.steps(maxBatches);
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
        int[] order = from != null ? from.order() : stream.order(epoch);
        int batches = batches();
        double trainBefore = from != null ? from.trainSeconds() : 0;
        double evalBefore = from != null ? from.evalSeconds() : 0;
        DeviceSums.Sums tr;
        if (from != null && from.trained()) {
            tr = new DeviceSums.Sums(from.lossSum(), from.wrong(), from.images());
        } else {
            if (from != null) {
                step.sums().restore(new DeviceSums.Sums(from.lossSum(), from.wrong(),
                        from.images()));
            }
            int first = from != null ? from.step() : 0;
            int done = trainSteps(epoch, order, first, batches, step, stop);
            if (done < batches) {
                DeviceSums.Sums s = step.sums().peek();
                return new Stopped(new EpochPosition(epoch, done, batches, order, s.lossSum(),
                        s.wrong(), s.images(), trainBefore + (System.nanoTime() - t0) / 1e9,
                        evalBefore), stop.get());
            }
            tr = step.sums().drain();
        }
        long t1 = System.nanoTime();
        double trainSeconds = trainBefore + (t1 - t0) / 1e9;
        if (!Double.isFinite(tr.lossSum())) {
            return new Finished(new EpochRecord(epoch, factor, Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN, trainSeconds + evalBefore, 0, trainSeconds,
                    evalBefore, Double.NaN));
        }
        DeviceSums.Sums te = evaluation.run(step, stop);
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
     * steps of the epoch done (all of them, or fewer when stopped; a loss that stopped being
     * finite ends the epoch too, which the caller sees in the sums).
     */
    private int trainSteps(int epoch, int[] order, int first, int batches, TrainStep step,
            Supplier<StopSignals.Kind> stop) {
        try (Prefetch<BatchStream.Batch> stream = this.stream.train(epoch, order, first, batches,
                step::toDevice);
                Progress progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d",
                        epoch + 1, cfg.schedule().epochs()), batches, first, quiet, console)) {
            for (int b = first; b < batches; b++) {
                if (stop.get() != null) {
                    return b;
                }
                try (BatchStream.Batch batch = stream.next()) {
                    step.train(batch);
                    progress.step(batch.n());
                }
                if ((b + 1) % CHECK_EVERY == 0 && b + 1 < batches
                        && !Double.isFinite(step.sums().peek().lossSum())) {
                    return batches;
                }
            }
        }
        return batches;
    }
}

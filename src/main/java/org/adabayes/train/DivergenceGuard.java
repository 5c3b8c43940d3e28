package org.adabayes.train;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.RunState;

/**
 * Stops a run whose epoch diverged, before that epoch's checkpoint is written, and records why in
 * the manifest: a diverged run is a result (a row of Table 1 that says so), not a failure.
 */
record DivergenceGuard(RunSession session, Path dir, int classes, int epochs, PrintStream log)
        implements RunListener {
    /** A loss this many times ln(classes) is an exploded run. */
    static final double EXPLODED = 100;

    @Override
    public boolean afterEpoch(EpochRecord r) throws java.io.IOException {
        String why = reason(r, classes);
        if (why == null) {
            return true;
        }
        session.end(RunState.DIVERGED, why);
        log.println(r.logLine(epochs));
        log.println(dir + ": diverged (" + why + "); stopped, no checkpoint of "
                + "this epoch");
        return false;
    }

    /**
     * Why an epoch's row means the run has diverged, or null: a non-finite training or test loss,
     * or a training loss above {@value #EXPLODED} times ln(classes), the loss of a uniform guess
     * (lr 1e6 gives 1e10). A large but finite test loss is not divergence: BatchNorm's running
     * statistics lag weights that move fast, and the test loss of such an epoch can spike a
     * hundredfold and recover (SGD at lr 0.1 on the small presets does).
     */
    static String reason(EpochRecord r, int classes) {
        if (!Double.isFinite(r.trainLoss())) {
            return "non-finite training loss in epoch " + r.epoch();
        }
        if (!Double.isFinite(r.testLoss())) {
            return "non-finite test loss in epoch " + r.epoch();
        }
        double limit = EXPLODED * Math.log(classes);
        if (r.trainLoss() > limit) {
            return String.format(Locale.ROOT, "training loss %.3g in epoch %d is above %.0f x "
                    + "ln(%d classes)", r.trainLoss(), r.epoch(), EXPLODED, classes);
        }
        return null;
    }
}

package org.adabayes.config;

import java.util.List;
import org.adabayes.io.FieldException;

/**
 * Step schedule: every learning rate is multiplied by {@code decayFactor} once for each entry of
 * {@code decayEpochs} at or below the (0-based) epoch. The paper: 200 epochs, "divided by 10 at
 * epoch 150". The code that produced its Table 1 (the AdaBound demo's loop, which the paper
 * adapted) calls {@code StepLR(step_size=150).step()} at the start of every epoch, so the tenth
 * of the rate already applies in 0-based epoch 149, the 150th epoch: the default is therefore
 * {@code [149]} (0..148 at the base rate, 149..199 at a tenth; docs/protocol.md#schedule). A run of
 * another length that leaves {@code decayEpochs} out gets the same point scaled to its length,
 * {@code round(149 * epochs / 200)} (4 epochs: [3]; 1 epoch: none), rather than a decay it never
 * reaches; a decay epoch given outside the run's epochs is refused, since it would silently never
 * happen.
 */
public record ScheduleSpec(Integer epochs, List<Integer> decayEpochs, Double decayFactor) {
    /** The paper's decay epoch (0-based) and length. */
    private static final int PAPER_DECAY = 149;
    private static final int PAPER_EPOCHS = 200;

    public ScheduleSpec {
        epochs = epochs == null ? PAPER_EPOCHS : epochs;
        FieldException.require(epochs > 0, "epochs", "must be positive, got " + epochs);
        decayEpochs = decayEpochs == null ? scaledPaperDecay(epochs) : List.copyOf(decayEpochs);
        decayFactor = decayFactor == null ? 0.1 : decayFactor;
        FieldException.require(decayFactor > 0 && decayFactor <= 1, "decayFactor",
                "must be in (0, 1], got " + decayFactor);
        for (Integer e : decayEpochs) {
            FieldException.require(e != null && e >= 0, "decayEpochs",
                    "must be non-negative epoch indices, got " + decayEpochs);
            FieldException.require(e < epochs, "decayEpochs", "epoch " + e + " is outside the "
                    + "run's epochs 0.." + (epochs - 1) + " (epochs: " + epochs + ", 0-based), "
                    + "so that decay would never happen; got " + decayEpochs);
        }
    }

    /** The paper's decay point at the same fraction of a run of {@code epochs}. */
    private static List<Integer> scaledPaperDecay(int epochs) {
        int e = (int) Math.round((double) PAPER_DECAY * epochs / PAPER_EPOCHS);
        return e < epochs ? List.of(e) : List.of();
    }

    /** The factor that multiplies every base learning rate during this 0-based epoch. */
    public double factor(int epoch) {
        double f = 1.0;
        for (int e : decayEpochs) {
            if (epoch >= e) {
                f *= decayFactor;
            }
        }
        return f;
    }
}

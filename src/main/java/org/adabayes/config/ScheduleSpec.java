package org.adabayes.config;

import java.util.List;
import org.adabayes.io.FieldException;

/**
 * Step schedule: every learning rate is multiplied by {@code decayFactor} once for each entry of
 * {@code decayEpochs} at or below the (0-based) epoch. The paper: 200 epochs, "divided by 10 at
 * epoch 150". The code that produced its Table 1 (the AdaBound demo's loop, which the paper
 * adapted) calls {@code StepLR(step_size=150).step()} at the start of every epoch, so the tenth
 * of the rate already applies in 0-based epoch 149, the 150th epoch: the default is therefore
 * {@code [149]} (0..148 at the base rate, 149..199 at a tenth; docs/protocol.md#schedule).
 */
public record ScheduleSpec(Integer epochs, List<Integer> decayEpochs, Double decayFactor) {
    public ScheduleSpec {
        epochs = epochs == null ? 200 : epochs;
        decayEpochs = decayEpochs == null ? List.of(149) : List.copyOf(decayEpochs);
        decayFactor = decayFactor == null ? 0.1 : decayFactor;
        FieldException.require(epochs > 0, "epochs", "must be positive, got " + epochs);
        FieldException.require(decayFactor > 0 && decayFactor <= 1, "decayFactor",
                "must be in (0, 1], got " + decayFactor);
        for (Integer e : decayEpochs) {
            FieldException.require(e != null && e >= 0, "decayEpochs",
                    "must be non-negative epoch indices, got " + decayEpochs);
        }
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

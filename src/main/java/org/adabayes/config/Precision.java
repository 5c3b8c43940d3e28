package org.adabayes.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * The floating-point type a run's network, data and optimizer state are in. float32 is what
 * training means (the paper's, and the fused CPU kernels'); float64 is for verification: float32
 * training is chaotic (two runs that differ in the last bit part within tens of steps), while in
 * float64 two implementations of the same arithmetic stay together for whole runs, so float64 is
 * where trajectories are compared and resumes are checked bit for bit.
 */
public enum Precision {
    FLOAT32, FLOAT64;

    @JsonCreator
    public static Precision parse(String text) {
        for (Precision p : values()) {
            if (p.name().equalsIgnoreCase(text)) {
                return p;
            }
        }
        throw new IllegalArgumentException("must be float32 or float64, got '" + text + "'");
    }

    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package org.adabayes.rundir;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A run's state as its manifest records it. A run killed mid-way stays {@link #RUNNING}, which is
 * how a later invocation knows to resume it; {@link #INTERRUPTED} is written when a signal stopped
 * it at a step boundary with a checkpoint; {@link #FAILED} is written when a run stops on an
 * error. Interrupted and failed runs are resumed like a running one.
 */
public enum RunState {
    COMPLETE,
    DIVERGED,
    FAILED,
    INTERRUPTED,
    RUNNING;

    /** The lower-case word in manifest.json. */
    @JsonValue
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RunState of(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }

    /** Finished: nothing to resume. */
    public boolean isFinal() {
        return this == COMPLETE || this == DIVERGED;
    }
}

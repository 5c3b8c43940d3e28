package org.adabayes.report;

import java.util.Locale;

/** How a run's curve becomes one number: the paper's minimum over epochs, or the last epoch. */
public enum Reduction {
    BEST("minimum over epochs"),
    FINAL("final epoch");

    private final String words;

    Reduction(String words) {
        this.words = words;
    }

    /** How a caption says it. */
    public String words() {
        return words;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

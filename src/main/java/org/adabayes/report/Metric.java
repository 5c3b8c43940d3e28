package org.adabayes.report;

import java.util.Locale;

/** The two numbers Table 1 reports per run: minimum (or final) test error and test loss. */
public enum Metric {
    ERROR("test_error", "%.2f", "error (%)"),
    LOSS("test_loss", "%.3f", "loss");

    private final String column;
    private final String format;
    private final String heading;

    Metric(String column, String format, String heading) {
        this.column = column;
        this.format = format;
        this.heading = heading;
    }

    /** The epochs.csv column it is read from. */
    public String column() {
        return column;
    }

    /** The word in CSV output and paired-difference rows: error | loss. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String heading() {
        return heading;
    }

    /** A value as the paper prints it (two decimals for %, three for loss). */
    public String format(double v) {
        return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, format, v);
    }

    public String signed(double v) {
        return (v >= 0 ? "+" : "") + format(v);
    }
}

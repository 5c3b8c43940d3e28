package org.adabayes.optim;

import java.util.Locale;

/**
 * A hyper-parameter some optimizer of the registry accepts: its config field and the range its
 * value must lie in. The constants are in the order of {@link OptimizerSpec}'s components after
 * {@code name}, which a test checks.
 */
public enum HyperParameter {
    LR("lr", Range.POSITIVE),
    MOMENTUM("momentum", Range.UNIT),
    BETA1("beta1", Range.UNIT),
    BETA2("beta2", Range.UNIT),
    EPS("eps", Range.NON_NEGATIVE),
    WEIGHT_DECAY("weightDecay", Range.UNIT),
    FINAL_LR("finalLr", Range.POSITIVE),
    GAMMA("gamma", Range.POSITIVE),
    ETA_SGD("etaSgd", Range.POSITIVE),
    SIGMA2("sigma2", Range.POSITIVE),
    EXACT_PRIOR("exactPrior", Range.FLAG),
    NAWD("nawd", Range.FLAG),
    CENTRED("centred", Range.FLAG),
    REFRESH_EVERY("refreshEvery", Range.COUNT);

    /** What values a field takes. */
    enum Range {
        POSITIVE, UNIT, NON_NEGATIVE, FLAG, COUNT
    }

    private final String field;
    private final Range range;

    HyperParameter(String field, Range range) {
        this.field = field;
        this.range = range;
    }

    /** The config field, e.g. {@code weightDecay}. */
    public String field() {
        return field;
    }

    boolean isFlag() {
        return range == Range.FLAG;
    }

    /** The value as the spec stores it: a Boolean, an Integer count or a Double. */
    Object normalise(Object v) {
        if (v == null || range == Range.FLAG) {
            return v;
        }
        Number n = (Number) v;
        return range == Range.COUNT ? (Object) Integer.valueOf(n.intValue())
                : (Object) Double.valueOf(n.doubleValue());
    }

    /** Null when the value is acceptable, else the problem in the words a user reads. */
    String problem(Object value) {
        if (value == null || range == Range.FLAG) {
            return null;
        }
        double v = ((Number) value).doubleValue();
        String shown = String.valueOf(value);
        return switch (range) {
            case POSITIVE -> v > 0 && Double.isFinite(v) ? null
                    : "must be a positive number, got " + shown;
            case UNIT -> v >= 0 && v < 1 ? null : "must be in [0, 1), got " + shown;
            case NON_NEGATIVE -> v >= 0 && Double.isFinite(v) ? null
                    : "must be >= 0, got " + shown;
            case COUNT -> v >= 1 && v == Math.rint(v) && v <= Integer.MAX_VALUE ? null
                    : "must be a whole number >= 1, got " + shown;
            case FLAG -> null;
        };
    }

    /** The constant whose field is {@code name}, or null. */
    static HyperParameter byField(String name) {
        for (HyperParameter p : values()) {
            if (p.field.equals(name) || p.name().equals(name.toUpperCase(Locale.ROOT))) {
                return p;
            }
        }
        return null;
    }
}

package org.adabayes.optim;

import java.util.Locale;

/**
 * A hyper-parameter some optimizer of the registry accepts: its config field (the constant's name
 * in camel case, e.g. {@code weightDecay}) and the range its value must lie in. The constants are
 * in the order of {@link OptimizerSpec}'s components after {@code name}, which a test checks.
 */
public enum HyperParameter {
    LR, MOMENTUM, BETA1, BETA2, EPS, WEIGHT_DECAY, FINAL_LR, GAMMA, ETA_SGD, SIGMA2, EXACT_PRIOR,
    NAWD, CENTRED, REFRESH_EVERY;

    /** What values a field takes. */
    enum Range {
        POSITIVE, UNIT, NON_NEGATIVE, FLAG, COUNT
    }

    private final String field;
    private final Range range;

    HyperParameter() {
        String[] words = name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder camel = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            camel.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        this.field = camel.toString();
        this.range = switch (name()) {
            case "MOMENTUM", "BETA1", "BETA2", "WEIGHT_DECAY" -> Range.UNIT;
            case "EPS" -> Range.NON_NEGATIVE;
            case "EXACT_PRIOR", "NAWD", "CENTRED" -> Range.FLAG;
            case "REFRESH_EVERY" -> Range.COUNT;
            default -> Range.POSITIVE;
        };
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

package org.adabayes.optim;

import org.adabayes.io.FieldException;

/**
 * What every rule's options record checks its fields with, and how a field left out takes the
 * paper's value: the ranges (with the words a user reads when a value lies outside), the default,
 * and a flag read as set or as the rule's paper behaviour. Null is "left out" everywhere, so a
 * record holds exactly what a config said until it is resolved.
 */
final class Hyper {
    private Hyper() {}

    /** A learning rate, a prior variance, AdaBound's final rate and gamma: (0, inf). */
    static void positive(String field, Double v) {
        check(field, v == null || v > 0 && Double.isFinite(v),
                "must be a positive number, got " + v);
    }

    /** A decay of a moment or of the weights: [0, 1). */
    static void unit(String field, Double v) {
        check(field, v == null || v >= 0 && v < 1, "must be in [0, 1), got " + v);
    }

    /** eps: [0, inf). */
    static void nonNegative(String field, Double v) {
        check(field, v == null || v >= 0 && Double.isFinite(v), "must be >= 0, got " + v);
    }

    /** A number of steps: 1, 2, ... */
    static void count(String field, Integer v) {
        check(field, v == null || v >= 1, "must be a whole number >= 1, got " + v);
    }

    private static void check(String field, boolean ok, String problem) {
        if (!ok) {
            throw new FieldException(field, problem);
        }
    }

    /** The value as set, else the paper's. */
    static <T> T or(T set, T paper) {
        return set != null ? set : paper;
    }

    /**
     * sigma^2 = eta_SGD / B when left out: SGD's rate on the mean loss, in the summed-gradient
     * units the AdaBayes family filter, so the default needs the batch size.
     */
    static Double sigma2(OptimizerKind kind, Double sigma2, double etaSgd, int batchSize) {
        if (sigma2 != null) {
            return sigma2;
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException(kind + ": the batch size must be set (the default "
                    + "sigma2 depends on it), got " + batchSize);
        }
        return etaSgd / batchSize;
    }

    /** A variant flag of the 2018 paper as the rule runs it: as set, else the paper's. */
    static boolean flag(Boolean set, boolean paper) {
        return set != null ? set : paper;
    }

    /** A flag set away from the paper as a method's suffix ({@code +NAWD}, {@code -NAWD}). */
    static String variant(String label, Boolean set, boolean paper) {
        return set == null || set == paper ? "" : (set ? "+" : "-") + label;
    }
}

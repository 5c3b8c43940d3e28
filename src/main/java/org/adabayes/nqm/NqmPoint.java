package org.adabayes.nqm;

import java.util.Locale;

/**
 * The best steps-to-target of one optimizer at one batch size, with the hyper-parameters that gave
 * it. Monte-Carlo points carry the range over repeats; exact points have lo = hi = steps.
 * steps = -1: the target was not reached within the step budget at any setting tried.
 */
public record NqmPoint(String optimizer, long batchSize, double lr, double beta, double sigma2,
        long steps, long stepsLo, long stepsHi, String method) {

    public static final String HEADER = "optimizer,batch_size,best_lr,best_beta,best_sigma2,"
            + "steps_to_target,steps_lo,steps_hi,method";

    public String toCsv() {
        return String.format(Locale.ROOT, "%s,%d,%s,%s,%s,%d,%d,%d,%s", optimizer, batchSize,
                num(lr), num(beta), num(sigma2), steps, stepsLo, stepsHi, method);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4g", v);
    }
}

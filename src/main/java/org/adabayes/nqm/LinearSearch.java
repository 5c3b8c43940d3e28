package org.adabayes.nqm;

/**
 * The best setting of a linear rule (SGD, momentum, preconditioned SGD, EMA) at one batch size.
 * Their expected loss has an exact recursion, so one evaluation per setting suffices and the point
 * is exact rather than a Monte-Carlo estimate.
 */
final class LinearSearch {
    private LinearSearch() {}

    static NqmPoint best(NqmSweep sweep, String optimizer, long batch) {
        LinearRule rule;
        double[] betas = {Double.NaN};
        if (optimizer.equals("momentum")) {
            betas = sweep.betaGrid();
        }
        double[] lrGrid = sweep.lrGrid();
        long best = -1;
        double bestLr = Double.NaN;
        double bestBeta = Double.NaN;
        for (double beta : betas) {
            if (optimizer.equals("momentum")) {
                rule = new LinearRule(LinearRule.Kind.MOMENTUM, 0, beta);
            } else if (optimizer.equals("ema")) {
                rule = new LinearRule(LinearRule.Kind.EMA, 0, 0.99);
            } else if (optimizer.startsWith("precond-")) {
                rule = new LinearRule(LinearRule.Kind.SGD,
                        Double.parseDouble(optimizer.substring(8)), 0);
            } else {
                rule = new LinearRule(LinearRule.Kind.SGD, 0, 0);
            }
            long bestHere = -1;
            int worse = 0;
            for (int i = lrGrid.length - 1; i >= 0 && worse < 2; i--) {
                long cap = best > 0 ? best - 1 : sweep.maxSteps();
                long s = rule.stepsToTarget(sweep.nqm(), lrGrid[i], batch, cap);
                if (s > 0 && (best < 0 || s < best)) {
                    best = s;
                    bestLr = lrGrid[i];
                    bestBeta = beta;
                }
                // steps(lr) is unimodal: once past the optimum, two worse rates end the scan
                if (s > 0 && (bestHere < 0 || s < bestHere)) {
                    bestHere = s;
                    worse = 0;
                } else if (bestHere > 0) {
                    worse++;
                }
            }
        }
        return new NqmPoint(optimizer, batch, bestLr, optimizer.equals("ema") ? 0.99 : bestBeta,
                Double.NaN, best, best, best, "exact");
    }
}

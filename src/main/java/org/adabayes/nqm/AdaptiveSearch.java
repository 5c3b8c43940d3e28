package org.adabayes.nqm;

import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.PaperNetwork;

/**
 * The best setting of an adaptive rule (Adam, AdaBayes, AdaBayes-FP) at one batch size. Their
 * expected loss has no closed recursion, so each setting is a Monte-Carlo estimate; the rules are
 * the registry's own double-precision twins, so the NQM measures the optimizers the harness
 * trains with rather than a re-implementation of them.
 */
final class AdaptiveSearch {
    private AdaptiveSearch() {}

    /** The registry's optimizer for an adaptive NQM name (adam and the AdaBayes pair), or null. */
    static OptimizerKind kind(String optimizer) {
        for (OptimizerKind k : OptimizerKind.values()) {
            if (k.id().equals(optimizer) && k.isAdaptive()) {
                return k;
            }
        }
        return null;
    }

    /** eta over its grid and, for the AdaBayes pair, sigma^2 = etaSgd / batch over its own. */
    static NqmPoint best(NqmSweep sweep, OptimizerKind kind, long batch) {
        String optimizer = kind.id();
        boolean bayes = kind.isBayesian();
        double[] sgdRates = bayes ? sweep.etaSgdGrid() : new double[] {Double.NaN};
        double[] etaGrid = sweep.etaGrid();
        double bestMean = Double.POSITIVE_INFINITY;
        NqmPoint best = new NqmPoint(optimizer, batch, Double.NaN, Double.NaN, Double.NaN, -1, -1,
                -1, "monte-carlo");
        int b = (int) Math.min(batch, Integer.MAX_VALUE);
        // settings whose twins step alike give the same result: run each once (AdaBayes at large
        // batches, where every eta past a point leaves the prior at sigma2)
        java.util.Map<java.util.List<Object>, MonteCarlo.Result> done = new java.util.HashMap<>();
        for (double etaSgd : sgdRates) {
            double bestHere = Double.POSITIVE_INFINITY;
            int worse = 0;
            for (int e = etaGrid.length - 1; e >= 0 && worse < 2; e--) {
                double eta = etaGrid[e];
                double sigma2 = etaSgd / batch;
                long cap = Double.isInfinite(bestMean) ? sweep.maxSteps() : (long) bestMean;
                OptimizerOptions spec = spec(kind, eta, sigma2, b);
                MonteCarlo.Result res = done.computeIfAbsent(
                        java.util.List.of(spec.twinKey(b, 1.0), cap),
                        k -> MonteCarlo.stepsToTarget(sweep.nqm(), n -> spec.twin(b, n),
                                batch, sweep.repeats(), cap, 17));
                boolean ok = res.steps() > 0;
                double mean = ok ? res.steps() : Double.POSITIVE_INFINITY;
                if (mean < bestHere) {
                    bestHere = mean;
                    worse = 0;
                } else if (Double.isFinite(bestHere)) {
                    worse++;
                }
                if (!ok) {
                    continue;
                }
                if (mean < bestMean) {
                    bestMean = mean;
                    best = new NqmPoint(optimizer, batch, eta, Double.NaN,
                            bayes ? sigma2 : Double.NaN, res.steps(),
                            res.lo(), res.hi(), "monte-carlo");
                }
            }
        }
        return best;
    }

    /**
     * The registry's spec with the NQM's settings, whose twin is the rule simulated: beta1 0.9,
     * no weight decay, the given eta and (for the AdaBayes pair) sigma^2; every other
     * hyper-parameter the paper's.
     */
    static OptimizerOptions spec(OptimizerKind kind, double eta, double sigma2, int batch) {
        OptimizerOptions s = kind.defaults().with("lr", eta).with("beta1", 0.9)
                .with("weightDecay", 0.0);
        if (kind.isBayesian()) {
            s = s.with("sigma2", sigma2);
        }
        return s.resolve(PaperNetwork.RESNET34, batch);
    }
}

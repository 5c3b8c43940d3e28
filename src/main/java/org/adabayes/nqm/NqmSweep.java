package org.adabayes.nqm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.HyperParameter;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerSpec;
import org.adabayes.optim.PaperNetwork;
import org.adabayes.optim.ScalarRule;

/**
 * Steps-to-target against batch size: for each optimizer and batch size, the minimum over a
 * log-spaced learning-rate grid (and beta for momentum; sigma^2 for the AdaBayes pair). Every run
 * is capped at the best step count found so far for that point, since a slower setting cannot win:
 * that pruning is what makes the sweep take seconds.
 *
 * @param lrGrid learning rates tried by the linear rules
 * @param etaGrid eta tried by the adaptive rules
 * @param repeats Monte-Carlo repeats per setting (different noise seeds)
 * @param maxSteps the step budget
 */
public record NqmSweep(Nqm nqm, double[] lrGrid, double[] etaGrid, double[] etaSgdGrid,
        double[] betaGrid, int repeats, long maxSteps) {

    /** The largest batch size a sweep takes (the paper's largest is 2^21). */
    static final long MAX_BATCH = 1L << 40;

    public static final List<String> OPTIMIZERS = List.of("sgd", "momentum", "precond-0.25",
            "precond-0.5", "precond-0.75", "ema", "adam", "adabayes", "adabayes-fp");

    public static double[] logGrid(double lo, double hi, int n) {
        double[] g = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = lo * Math.pow(hi / lo, n == 1 ? 0 : i / (n - 1.0));
        }
        return g;
    }

    public static NqmSweep defaults(Nqm nqm) {
        return new NqmSweep(nqm, logGrid(1e-4, 3, 36), logGrid(1e-3, 1, 10),
                new double[] {0.3, 1.0, 2.0}, new double[] {0.5, 0.9, 0.99}, 3,
                Math.max(20_000L, 200L * nqm.dim()));
    }

    /** Rejects a name the NQM does not know, naming the option. */
    public static void checkOptimizers(List<String> optimizers) {
        for (String o : optimizers) {
            if (!OPTIMIZERS.contains(o)) {
                throw new UserInputException("--optimizers: unknown NQM optimizer '" + o
                        + "' (expected " + String.join(", ", OPTIMIZERS) + ")");
            }
        }
    }

    /** Runs every (optimizer, batch size) point, in parallel over points. */
    public List<NqmPoint> run(List<String> optimizers, List<Long> batchSizes,
            Consumer<NqmPoint> progress) {
        checkOptimizers(optimizers);
        List<long[]> jobs = new ArrayList<>();
        for (int o = 0; o < optimizers.size(); o++) {
            for (long b : batchSizes) {
                jobs.add(new long[] {o, b});
            }
        }
        // the slowest points (adaptive, small batches) first, so both cores stay busy
        jobs.sort(Comparator.comparingLong((long[] j) -> -cost(optimizers.get((int) j[0]), j[1])));
        NqmPoint[] out = new NqmPoint[jobs.size()];
        AtomicInteger next = new AtomicInteger();
        IntStream.range(0, jobs.size()).parallel().forEach(x -> {
            int i = next.getAndIncrement();
            long[] j = jobs.get(i);
            NqmPoint p = point(optimizers.get((int) j[0]), j[1]);
            out[i] = p;
            synchronized (this) {
                progress.accept(p);
            }
        });
        List<NqmPoint> list = new ArrayList<>(List.of(out));
        list.sort(Comparator.comparingInt((NqmPoint p) -> optimizers.indexOf(p.optimizer()))
                .thenComparingLong(NqmPoint::batchSize));
        return list;
    }

    /** The registry's optimizer for an adaptive NQM name (adam and the AdaBayes pair), or null. */
    static OptimizerKind adaptiveKind(String optimizer) {
        for (OptimizerKind k : OptimizerKind.values()) {
            if (k.id().equals(optimizer) && k.isAdaptive()) {
                return k;
            }
        }
        return null;
    }

    private static long cost(String optimizer, long batch) {
        boolean adaptive = adaptiveKind(optimizer) != null;
        return (adaptive ? 1_000_000L : 1L) * 100_000L / Math.max(1, Math.min(batch, 100_000));
    }

    NqmPoint point(String optimizer, long batch) {
        OptimizerKind kind = adaptiveKind(optimizer);
        if (kind != null) {
            return adaptive(kind, batch);
        }
        LinearRule rule;
        double[] betas = {Double.NaN};
        if (optimizer.equals("momentum")) {
            betas = betaGrid;
        }
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
                long cap = best > 0 ? best - 1 : maxSteps;
                long s = rule.stepsToTarget(nqm, lrGrid[i], batch, cap);
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

    private NqmPoint adaptive(OptimizerKind kind, long batch) {
        String optimizer = kind.id();
        boolean bayes = kind.isBayesian();
        double[] sgdRates = bayes ? etaSgdGrid : new double[] {Double.NaN};
        double bestMean = Double.POSITIVE_INFINITY;
        NqmPoint best = new NqmPoint(optimizer, batch, Double.NaN, Double.NaN, Double.NaN, -1, -1,
                -1, "monte-carlo");
        int b = (int) Math.min(batch, Integer.MAX_VALUE);
        for (double etaSgd : sgdRates) {
            double bestHere = Double.POSITIVE_INFINITY;
            int worse = 0;
            for (int e = etaGrid.length - 1; e >= 0 && worse < 2; e--) {
                double eta = etaGrid[e];
                double sigma2 = etaSgd / batch;
                long cap = Double.isInfinite(bestMean) ? maxSteps : (long) bestMean;
                MonteCarlo.Result res = MonteCarlo.stepsToTarget(nqm,
                        n -> rule(kind, eta, sigma2, b, n), batch, repeats, cap, 17);
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
     * The registry's twin with the NQM's settings: beta1 0.9, no weight decay, the given eta and
     * (for the AdaBayes pair) sigma^2; every other hyper-parameter the paper's.
     */
    static ScalarRule rule(OptimizerKind kind, double eta, double sigma2, int batch, int n) {
        OptimizerSpec s = OptimizerSpec.of(kind).with(HyperParameter.LR, eta)
                .with(HyperParameter.BETA1, 0.9).with(HyperParameter.WEIGHT_DECAY, 0.0);
        if (kind.isBayesian()) {
            s = s.with(HyperParameter.SIGMA2, sigma2);
        }
        return kind.twin(s.resolve(PaperNetwork.RESNET34, batch), batch, n);
    }

    /**
     * Batch sizes from LO..HI (powers of two, doubling) or a comma list; every size must be a
     * positive power of two or integer up to 2^40, so a range always ends.
     */
    public static List<Long> parseBatchSizes(String s) {
        List<Long> out = new ArrayList<>();
        try {
            if (s.contains("..")) {
                String[] p = s.split("\\.\\.", -1);
                if (p.length != 2) {
                    throw new NumberFormatException();
                }
                long lo = batchSize(p[0].trim(), s);
                long hi = batchSize(p[1].trim(), s);
                if (hi < lo) {
                    throw new UserInputException("--batch-sizes: '" + s + "' ends below its start");
                }
                for (long b = lo; b <= hi; b *= 2) {
                    out.add(b);
                }
            } else {
                for (String x : s.split(",", -1)) {
                    out.add(batchSize(x.trim(), s));
                }
            }
        } catch (NumberFormatException e) {
            throw new UserInputException("--batch-sizes: cannot parse '" + s
                    + "' (expected LO..HI or a comma list, e.g. 4..2^21)");
        }
        return out;
    }

    private static long batchSize(String x, String whole) {
        long v = x.startsWith("2^") ? pow2(Integer.parseInt(x.substring(2)), whole)
                : Long.parseLong(x);
        if (v < 1 || v > MAX_BATCH) {
            throw new UserInputException("--batch-sizes: " + x + " in '" + whole
                    + "' is outside 1..2^40");
        }
        return v;
    }

    private static long pow2(int e, String whole) {
        if (e < 0 || e > 40) {
            throw new UserInputException("--batch-sizes: 2^" + e + " in '" + whole
                    + "' is outside 1..2^40");
        }
        return 1L << e;
    }
}

package org.adabayes.nqm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerKind;

/**
 * Steps-to-target against batch size: for each optimizer and batch size, the minimum over a
 * log-spaced learning-rate grid (and beta for momentum; sigma^2 for the AdaBayes pair). Every run
 * is capped at the best step count found so far for that point, since a slower setting cannot win:
 * that pruning is what makes the sweep take seconds. The search of one point is
 * {@link LinearSearch}'s (exact) or {@link AdaptiveSearch}'s (Monte-Carlo).
 *
 * @param lrGrid learning rates tried by the linear rules
 * @param etaGrid eta tried by the adaptive rules
 * @param repeats Monte-Carlo repeats per setting (different noise seeds)
 * @param maxSteps the step budget
 */
public record NqmSweep(Nqm nqm, double[] lrGrid, double[] etaGrid, double[] etaSgdGrid,
        double[] betaGrid, int repeats, long maxSteps) {

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

    /**
     * Batch sizes from LO..HI (powers of two, doubling) or a comma list; every size must be a
     * positive power of two or integer up to 2^40, so a range always ends.
     */
    public static List<Long> parseBatchSizes(String s) {
        return BatchSizes.parse(s);
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

    private static long cost(String optimizer, long batch) {
        boolean adaptive = AdaptiveSearch.kind(optimizer) != null;
        return (adaptive ? 1_000_000L : 1L) * 100_000L / Math.max(1, Math.min(batch, 100_000));
    }

    NqmPoint point(String optimizer, long batch) {
        OptimizerKind kind = AdaptiveSearch.kind(optimizer);
        return kind != null ? AdaptiveSearch.best(this, kind, batch)
                : LinearSearch.best(this, optimizer, batch);
    }
}

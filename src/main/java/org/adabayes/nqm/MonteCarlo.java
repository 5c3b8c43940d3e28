package org.adabayes.nqm;

import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.adabayes.optim.ScalarRule;

/**
 * Simulates a rule with sampled gradient noise, for the rules whose expected loss has no closed
 * recursion (Adam, AdaBayes, AdaBayes-FP). R independent repeats run in lockstep and the expected
 * loss is estimated by their mean, so steps-to-target means the same as for the exact rules (the
 * first step whose expected loss is below the target), not the first lucky dip of one noisy run.
 *
 * <p>Noise comes from a fixed table of normals at a random offset and odd stride each step:
 * distinct draws within a step, fresh ones across steps, no Gaussian sampling in the inner loop.
 */
public final class MonteCarlo {
    private static final int TABLE = 1 << 16;
    private static final double[] NORMALS = new double[TABLE];

    static {
        SplittableRandom r = new SplittableRandom(0x5EEDL);
        for (int i = 0; i < TABLE; i++) {
            NORMALS[i] = r.nextGaussian();
        }
    }

    /** Steps to target (-1 if not reached) and the interval from the repeats' spread. */
    public record Result(long steps, long lo, long hi) {}

    private MonteCarlo() {}

    /**
     * Runs {@code repeats} noisy copies in lockstep until their mean loss is below the target.
     * The interval is the range of crossing steps of the leave-one-out means (a jackknife): how
     * much the answer depends on any single repeat.
     *
     * @param rule makes a fresh rule for {@code dim} elements
     */
    public static Result stepsToTarget(Nqm nqm, IntFunction<ScalarRule> rule, double batch,
            int repeats, long maxSteps, long seed) {
        Sim sim = new Sim(nqm, rule, batch, repeats, seed);
        double c = nqm.target();
        double blowUp = nqm.initialLoss() * 1e6;
        LinearRule.Plateau plateau = new LinearRule.Plateau();
        long[] leaveOut = new long[repeats];
        java.util.Arrays.fill(leaveOut, -1);
        long crossed = -1;
        for (long t = 1; t <= maxSteps; t++) {
            double[] l = sim.step(t);
            double sum = 0;
            for (double x : l) {
                sum += x;
            }
            boolean allOut = true;
            for (int j = 0; j < repeats && repeats > 1; j++) {
                if (leaveOut[j] < 0 && (sum - l[j]) / (repeats - 1) < c) {
                    leaveOut[j] = t;
                }
                allOut &= leaveOut[j] > 0;
            }
            if (crossed < 0 && sum / repeats < c) {
                crossed = t;
            }
            if (crossed > 0 && (allOut || repeats == 1 || t > 2 * crossed)) {
                long lo = crossed;
                long hi = crossed;
                boolean unbounded = false;
                for (int j = 0; j < repeats && repeats > 1; j++) {
                    if (leaveOut[j] > 0) {
                        lo = Math.min(lo, leaveOut[j]);
                        hi = Math.max(hi, leaveOut[j]);
                    } else {
                        unbounded = true;
                    }
                }
                return new Result(crossed, lo, unbounded ? -1 : hi);
            }
            if (crossed < 0 && (!(sum / repeats < blowUp) || plateau.stalled(t, sum / repeats))) {
                return new Result(-1, -1, -1);
            }
        }
        return new Result(crossed, crossed, -1);
    }

    /** The mean sampled loss over repeats after exactly {@code steps} steps, and its SE. */
    public static double[] lossAfter(Nqm nqm, IntFunction<ScalarRule> rule, double batch,
            int repeats, int steps, long seed) {
        Sim sim = new Sim(nqm, rule, batch, repeats, seed);
        double[] l = null;
        for (long t = 1; t <= steps; t++) {
            l = sim.step(t);
        }
        double m = mean(l);
        return new double[] {m, Math.sqrt(var(l, m) / repeats)};
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    private static double var(double[] v, double m) {
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length > 1 ? s / (v.length - 1) : 0;
    }

    /** The repeats' states. */
    private static final class Sim {
        final double[] h;
        final double[] sd;
        final double[][] x;
        final ScalarRule[] rules;
        final double[] g;
        final double[] loss;
        final SplittableRandom rng;

        Sim(Nqm nqm, IntFunction<ScalarRule> rule, double batch, int repeats, long seed) {
            int k = nqm.dim();
            if (k > TABLE) {
                throw new IllegalArgumentException("Monte-Carlo NQM supports dim <= " + TABLE);
            }
            h = nqm.curvatures();
            sd = new double[k];
            for (int i = 0; i < k; i++) {
                sd[i] = Math.sqrt(h[i] / batch);
            }
            rng = new SplittableRandom(seed);
            x = new double[repeats][k];
            rules = new ScalarRule[repeats];
            for (int r = 0; r < repeats; r++) {
                for (int i = 0; i < k; i++) {
                    x[r][i] = rng.nextGaussian();
                }
                rules[r] = rule.apply(k);
            }
            g = new double[k];
            loss = new double[repeats];
        }

        double[] step(long t) {
            int k = h.length;
            for (int r = 0; r < x.length; r++) {
                double[] xr = x[r];
                int off = rng.nextInt(TABLE);
                int stride = rng.nextInt(TABLE) | 1;
                for (int i = 0; i < k; i++) {
                    g[i] = h[i] * xr[i] + sd[i] * NORMALS[(off + i * stride) & (TABLE - 1)];
                }
                rules[r].step(xr, g, (int) Math.min(t, Integer.MAX_VALUE), 1.0);
                double l = 0;
                for (int i = 0; i < k; i++) {
                    l += h[i] * xr[i] * xr[i];
                }
                loss[r] = l / 2;
            }
            return loss;
        }
    }
}

package org.adabayes.nqm;

/**
 * A linear update rule whose expected loss has an exact recursion on the NQM: SGD with fixed
 * preconditioning P = H^-gamma (gamma 0 is plain SGD), heavy-ball momentum, and SGD with an
 * exponential moving average of the iterates.
 *
 * @param kind which recursion
 * @param gamma preconditioning power (sgd and ema)
 * @param beta momentum coefficient, or the EMA's decay
 */
public record LinearRule(Kind kind, double gamma, double beta) {
    /** The three linear rules ({@code docs/equations.md#nqm-sgd}, {@code #nqm-momentum}, ...). */
    public enum Kind {
        SGD, MOMENTUM, EMA
    }

    /** Steps until the expected loss is below the target, or -1 if never (within maxSteps). */
    public long stepsToTarget(Nqm nqm, double lr, double batch, long maxSteps) {
        double[] h = nqm.curvatures();
        int k = h.length;
        double[] a = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = lr * Math.pow(h[i], -gamma);
        }
        double c = nqm.target();
        if (kind == Kind.SGD) {
            return sgdClosedForm(h, a, batch, c, maxSteps);
        }
        Plateau plateau = new Plateau();
        double blowUp = nqm.initialLoss() * 1e6;
        double[] s1 = new double[k];
        double[] s2 = new double[k];
        double[] s3 = new double[k];
        java.util.Arrays.fill(s1, 1.0);
        if (kind == Kind.EMA) {
            java.util.Arrays.fill(s2, 1.0);
            java.util.Arrays.fill(s3, 1.0);
        }
        for (long step = 1; step <= maxSteps; step++) {
            double loss = kind == Kind.MOMENTUM ? momentumStep(h, a, batch, s1, s2, s3)
                    : emaStep(h, a, batch, s1, s2, s3);
            loss /= 2;
            if (loss < c) {
                return step;
            }
            if (!(loss < blowUp) || plateau.stalled(step, loss)) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Heavy ball: the second moments of (x, v) with v' = b v - a h x - a n and x' = x + v'.
     *
     * @return twice the expected loss after the step
     */
    private double momentumStep(double[] h, double[] a, double batch, double[] xx, double[] xv,
            double[] vv) {
        double b = beta;
        double loss = 0;
        for (int i = 0; i < h.length; i++) {
            double ah = a[i] * h[i];
            double q = a[i] * a[i] * h[i] / batch;
            double nx = (1 - ah) * (1 - ah) * xx[i] + 2 * (1 - ah) * b * xv[i] + b * b * vv[i] + q;
            double nxv = -ah * (1 - ah) * xx[i] + b * (1 - 2 * ah) * xv[i] + b * b * vv[i] + q;
            double nv = ah * ah * xx[i] - 2 * ah * b * xv[i] + b * b * vv[i] + q;
            xx[i] = nx;
            xv[i] = nxv;
            vv[i] = nv;
            loss += h[i] * nx;
        }
        return loss;
    }

    /**
     * SGD with an EMA of the iterates: x' = (1 - a h) x - a n and e' = beta e + (1 - beta) x'; the
     * loss is measured at e.
     *
     * @return twice the expected loss after the step
     */
    private double emaStep(double[] h, double[] a, double batch, double[] xx, double[] xe,
            double[] ee) {
        double al = beta;
        double loss = 0;
        for (int i = 0; i < h.length; i++) {
            double r = 1 - a[i] * h[i];
            double nxx = r * r * xx[i] + a[i] * a[i] * h[i] / batch;
            double nxe = r * xe[i];
            double ne = al * al * ee[i] + 2 * al * (1 - al) * nxe + (1 - al) * (1 - al) * nxx;
            xe[i] = al * nxe + (1 - al) * nxx;
            xx[i] = nxx;
            ee[i] = ne;
            loss += h[i] * ne;
        }
        return loss;
    }

    /**
     * Plain and preconditioned SGD in closed form: E x_k^2 = r^k (1 - q) + q per coordinate, with
     * r = (1 - a h)^2 and q = a^2 h / (B (1 - r)) the noise floor. The target is unreachable if the
     * floor is above it; otherwise the first crossing is found by doubling and bisection on k.
     */
    private static long sgdClosedForm(double[] h, double[] a, double batch, double c,
            long maxSteps) {
        int k = h.length;
        double[] logR = new double[k];
        double[] q = new double[k];
        double floor = 0;
        for (int i = 0; i < k; i++) {
            double r = (1 - a[i] * h[i]) * (1 - a[i] * h[i]);
            if (r >= 1) {
                return -1;
            }
            logR[i] = Math.log(r);
            q[i] = a[i] * a[i] * h[i] / (batch * (1 - r));
            floor += h[i] * q[i];
        }
        if (floor / 2 >= c) {
            return -1;
        }
        java.util.function.LongPredicate below = step -> {
            double loss = 0;
            for (int i = 0; i < k; i++) {
                loss += h[i] * (Math.exp(step * logR[i]) * (1 - q[i]) + q[i]);
            }
            return loss / 2 < c;
        };
        long hi = 1;
        while (!below.test(hi)) {
            if (hi >= maxSteps) {
                return -1;
            }
            hi = Math.min(maxSteps, hi * 2);
        }
        long lo = hi / 2;
        while (hi - lo > 1) {
            long mid = (lo + hi) / 2;
            if (below.test(mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /**
     * Gives up on a run whose loss has stopped improving: no 1% improvement since a third of the
     * steps so far. A rule stuck at its noise floor above the target would otherwise run to the
     * step budget, which is most of a sweep's time.
     */
    static final class Plateau {
        private double best = Double.POSITIVE_INFINITY;
        private long lastImproved;

        boolean stalled(long step, double loss) {
            if (loss < best * 0.99) {
                best = loss;
                lastImproved = step;
                return false;
            }
            return step > 2000 && step > 3 * lastImproved;
        }
    }

    /** The expected loss after {@code steps} SGD steps (for checking Monte-Carlo). */
    public static double sgdLoss(Nqm nqm, double lr, double batch, int steps) {
        double[] h = nqm.curvatures();
        double loss = 0;
        for (double hi : h) {
            double r = (1 - lr * hi) * (1 - lr * hi);
            double e = 1;
            for (int t = 0; t < steps; t++) {
                e = r * e + lr * lr * hi / batch;
            }
            loss += hi * e;
        }
        return loss / 2;
    }
}

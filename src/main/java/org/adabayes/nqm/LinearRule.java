package org.adabayes.nqm;

/**
 * A linear update rule whose expected loss has an exact recursion on the NQM: SGD with fixed
 * preconditioning P = H^-gamma (gamma 0 is plain SGD), heavy-ball momentum, and SGD with an
 * exponential moving average of the iterates.
 *
 * @param kind sgd | momentum | ema
 * @param gamma preconditioning power (sgd and ema)
 * @param beta momentum coefficient, or the EMA's decay
 */
public record LinearRule(String kind, double gamma, double beta) {

    /** Steps until the expected loss is below the target, or -1 if never (within maxSteps). */
    public long stepsToTarget(Nqm nqm, double lr, double batch, long maxSteps) {
        double[] h = nqm.curvatures();
        int k = h.length;
        double[] a = new double[k];
        for (int i = 0; i < k; i++) {
            a[i] = lr * Math.pow(h[i], -gamma);
        }
        double c = nqm.target();
        if (kind.equals("sgd")) {
            return sgdClosedForm(h, a, batch, c, maxSteps);
        }
        Plateau plateau = new Plateau();
        double blowUp = nqm.initialLoss() * 1e6;
        double[] s1 = new double[k];
        double[] s2 = new double[k];
        double[] s3 = new double[k];
        java.util.Arrays.fill(s1, 1.0);
        if (kind.equals("ema")) {
            java.util.Arrays.fill(s2, 1.0);
            java.util.Arrays.fill(s3, 1.0);
        }
        for (long step = 1; step <= maxSteps; step++) {
            double loss = 0;
            switch (kind) {
                case "sgd" -> {
                    for (int i = 0; i < k; i++) {
                        double r = 1 - a[i] * h[i];
                        s1[i] = r * r * s1[i] + a[i] * a[i] * h[i] / batch;
                        loss += h[i] * s1[i];
                    }
                }
                case "momentum" -> {
                    // state (x, v): v' = b v - a h x - a n ; x' = x + v'
                    double b = beta;
                    for (int i = 0; i < k; i++) {
                        double ah = a[i] * h[i];
                        double q = a[i] * a[i] * h[i] / batch;
                        double xx = s1[i];
                        double xv = s2[i];
                        double vv = s3[i];
                        double nx = (1 - ah) * (1 - ah) * xx + 2 * (1 - ah) * b * xv + b * b * vv
                                + q;
                        double nxv = -ah * (1 - ah) * xx + b * (1 - 2 * ah) * xv + b * b * vv + q;
                        double nv = ah * ah * xx - 2 * ah * b * xv + b * b * vv + q;
                        s1[i] = nx;
                        s2[i] = nxv;
                        s3[i] = nv;
                        loss += h[i] * nx;
                    }
                }
                case "ema" -> {
                    // x' = (1 - a h) x - a n ; e' = beta e + (1 - beta) x'; loss at e
                    double al = beta;
                    for (int i = 0; i < k; i++) {
                        double r = 1 - a[i] * h[i];
                        double xx = r * r * s1[i] + a[i] * a[i] * h[i] / batch;
                        double xe = r * s2[i];
                        double ne = al * al * s3[i] + 2 * al * (1 - al) * xe
                                + (1 - al) * (1 - al) * xx;
                        s2[i] = al * xe + (1 - al) * xx;
                        s1[i] = xx;
                        s3[i] = ne;
                        loss += h[i] * ne;
                    }
                }
                default -> throw new IllegalArgumentException(kind);
            }
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

package org.adabayes.optim;

import org.adabayes.config.OptimizerSpec;

/** Builds the {@link ScalarRule} of a resolved spec, for {@code n} elements. */
public final class ScalarRules {
    private ScalarRules() {}

    public static ScalarRule create(OptimizerSpec o, int batchSize, int n) {
        return switch (o.name()) {
            case "sgd" -> sgd(o.lr(), o.momentum(), o.weightDecay(), n);
            case "adam", "amsgrad", "adamw" -> adam(o.lr(), o.beta1(), o.beta2(), o.eps(),
                    o.weightDecay(), o.name().equals("amsgrad"), o.name().equals("adamw"), n);
            case "adagrad" -> adagrad(o.lr(), o.eps(), o.weightDecay(), n);
            case "adabound", "amsbound" -> adabound(o, n);
            case "adabayes" -> adabayes(o.lr(), o.sigma2(), o.beta1(), o.weightDecay(), batchSize,
                    o.exactPrior(), n);
            case "adabayes-fp" -> adabayesFp(o.lr(), o.sigma2(), o.beta1(), o.beta2(), o.eps(),
                    o.weightDecay(), batchSize, n);
            default -> throw new IllegalArgumentException(o.name());
        };
    }

    static ScalarRule sgd(double lr, double mom, double wd, int n) {
        double[] buf = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                buf[i] = t == 1 ? d : mom * buf[i] + d;
                w[i] -= lr * f * buf[i];
            }
        };
    }

    public static ScalarRule adam(double lr, double b1, double b2, double eps, double wd,
            boolean ams, boolean decoupled, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        return (w, g, t, f) -> {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < n; i++) {
                double d = g[i];
                if (decoupled) {
                    w[i] *= 1 - f * wd;
                } else {
                    d += wd * w[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                double vv = v[i];
                if (ams) {
                    vmax[i] = Math.max(vmax[i], v[i]);
                    vv = vmax[i];
                }
                w[i] -= lr * f / bc1 * m[i] / (Math.sqrt(vv) / Math.sqrt(bc2) + eps);
            }
        };
    }

    static ScalarRule adagrad(double lr, double eps, double wd, int n) {
        double[] sum = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                sum[i] += d * d;
                w[i] -= lr * f * d / (Math.sqrt(sum[i]) + eps);
            }
        };
    }

    static ScalarRule adabound(OptimizerSpec o, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        boolean ams = o.name().equals("amsbound");
        double b1 = o.beta1();
        double b2 = o.beta2();
        return (w, g, t, f) -> {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            double step = o.lr() * f * Math.sqrt(bc2) / bc1;
            double fin = o.finalLr() * f;
            double lo = fin * (1 - 1 / (o.gamma() * t + 1));
            double hi = fin * (1 + 1 / (o.gamma() * t));
            for (int i = 0; i < n; i++) {
                double d = g[i] + o.weightDecay() * w[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                double vv = v[i];
                if (ams) {
                    vmax[i] = Math.max(vmax[i], v[i]);
                    vv = vmax[i];
                }
                double rate = Math.min(hi, Math.max(lo, step / (Math.sqrt(vv) + o.eps())));
                w[i] -= rate * m[i];
            }
        };
    }

    /** AdaBayes (Algorithm 1); see {@link AdaBayes} for the equations. */
    public static ScalarRule adabayes(double eta, double sigma2, double b1, double lambda,
            int batch, boolean exactPrior, int n) {
        double[] m = new double[n];
        double[] prior = new double[n];
        double[] post = new double[n];
        java.util.Arrays.fill(prior, sigma2);
        return new ScalarRule() {
            @Override
            public void step(double[] w, double[] grad, int t, double f) {
                double etaF = eta * f;
                double sig2F = sigma2 * f;
                double bc1 = 1 - Math.pow(b1, t);
                double rho = etaF * etaF / sig2F;
                for (int i = 0; i < n; i++) {
                    double g = batch * grad[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    post[i] = 1 / (1 / prior[i] + g * g);
                    w[i] = (1 - lambda * f) * w[i] - post[i] * m[i] / bc1;
                    prior[i] = exactPrior
                            ? post[i] * Math.exp(-rho) + sig2F * (1 - Math.exp(-rho))
                            : (1 - rho / 2) * (1 - rho / 2) * post[i] + etaF * etaF;
                }
            }

            @Override
            public double[] lastRates() {
                return post;
            }
        };
    }

    /** AdaBayes-FP (Algorithm 2); see {@link AdaBayesFp} for the equations. */
    public static ScalarRule adabayesFp(double eta, double sigma2, double b1, double b2,
            double eps, double lambda, int batch, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] post = new double[n];
        return new ScalarRule() {
            @Override
            public void step(double[] w, double[] grad, int t, double f) {
                double etaF = eta * f;
                double sig2F = sigma2 * f;
                double bc1 = 1 - Math.pow(b1, t);
                double bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < n; i++) {
                    double g = batch * grad[i];
                    m[i] = b1 * m[i] + (1 - b1) * g;
                    v[i] = b2 * v[i] + (1 - b2) * g * g;
                    double g2 = v[i] / bc2 + eps;
                    post[i] = fixedPoint(g2, etaF, sig2F);
                    w[i] = (1 - lambda) * w[i] - post[i] * m[i] / bc1;
                }
            }

            @Override
            public double[] lastRates() {
                return post;
            }
        };
    }

    /** Eq. (21): the fixed point of AdaBayes' learning rate for mean squared gradient g2. */
    public static double fixedPoint(double g2, double eta, double sigma2) {
        return 1 / (1 / (2 * sigma2) + Math.sqrt(1 / (4 * sigma2 * sigma2) + g2 / (eta * eta)));
    }
}

package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.BETA1;
import static org.adabayes.optim.HyperParameter.BETA2;
import static org.adabayes.optim.HyperParameter.CENTRED;
import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.FINAL_LR;
import static org.adabayes.optim.HyperParameter.GAMMA;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.MOMENTUM;
import static org.adabayes.optim.HyperParameter.NAWD;
import static org.adabayes.optim.HyperParameter.SIGMA2;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

/**
 * The twins of the registry's optimizers ({@link OptimizerKind#twin}), each a loop over elements
 * that reads like its equation in {@code docs/equations.md}. Every factory takes a resolved spec,
 * the batch size and the number of elements.
 */
public final class ScalarRules {
    private ScalarRules() {}

    /** {@code docs/equations.md#sgd}. */
    static ScalarRule sgd(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double mom = o.number(MOMENTUM);
        double wd = o.number(WEIGHT_DECAY);
        double[] buf = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                buf[i] = t == 1 ? d : mom * buf[i] + d;
                w[i] -= lr * f * buf[i];
            }
        };
    }

    /** Adam, AMSGrad and AdamW: {@code docs/equations.md#adam} and {@code #adamw}. */
    static ScalarRule adam(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double b1 = o.number(BETA1);
        double b2 = o.number(BETA2);
        double eps = o.number(EPS);
        double wd = o.number(WEIGHT_DECAY);
        boolean ams = o.kind() == OptimizerKind.AMSGRAD;
        boolean decoupled = o.kind() == OptimizerKind.ADAMW;
        boolean nawd = flag(o, NAWD);
        boolean centred = flag(o, CENTRED);
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        return (w, g, t, f) -> {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            for (int i = 0; i < n; i++) {
                double d = g[i];
                if (decoupled && !nawd) {
                    w[i] *= 1 - f * wd;
                } else if (!decoupled) {
                    d += wd * w[i];
                }
                m[i] = b1 * m[i] + (1 - b1) * d;
                double e = centred ? d - m[i] : d;
                v[i] = b2 * v[i] + (1 - b2) * e * e;
                vmax[i] = Math.max(vmax[i], v[i]);
                double vv = ams ? vmax[i] : v[i];
                w[i] -= lr * f / bc1 * m[i] / (Math.sqrt(vv) / Math.sqrt(bc2) + eps);
                if (nawd) {
                    w[i] *= 1 - f * wd;
                }
            }
        };
    }

    /** {@code docs/equations.md#adagrad}. */
    static ScalarRule adagrad(OptimizerSpec o, int batch, int n) {
        double lr = o.number(LR);
        double eps = o.number(EPS);
        double wd = o.number(WEIGHT_DECAY);
        double[] sum = new double[n];
        return (w, g, t, f) -> {
            for (int i = 0; i < n; i++) {
                double d = g[i] + wd * w[i];
                sum[i] += d * d;
                w[i] -= lr * f * d / (Math.sqrt(sum[i]) + eps);
            }
        };
    }

    /** AdaBound and AMSBound: {@code docs/equations.md#adabound}. */
    static ScalarRule adabound(OptimizerSpec o, int batch, int n) {
        double[] m = new double[n];
        double[] v = new double[n];
        double[] vmax = new double[n];
        boolean ams = o.kind() == OptimizerKind.AMSBOUND;
        double b1 = o.number(BETA1);
        double b2 = o.number(BETA2);
        double gamma = o.number(GAMMA);
        return (w, g, t, f) -> {
            double bc1 = 1 - Math.pow(b1, t);
            double bc2 = 1 - Math.pow(b2, t);
            double step = o.number(LR) * f * Math.sqrt(bc2) / bc1;
            double fin = o.number(FINAL_LR) * f;
            double lo = fin * (1 - 1 / (gamma * t + 1));
            double hi = fin * (1 + 1 / (gamma * t));
            for (int i = 0; i < n; i++) {
                double d = g[i] + o.number(WEIGHT_DECAY) * w[i];
                m[i] = b1 * m[i] + (1 - b1) * d;
                v[i] = b2 * v[i] + (1 - b2) * d * d;
                vmax[i] = Math.max(vmax[i], v[i]);
                double vv = ams ? vmax[i] : v[i];
                double rate = Math.min(hi, Math.max(lo, step / (Math.sqrt(vv) + o.number(EPS))));
                w[i] -= rate * m[i];
            }
        };
    }

    /** AdaBayes, Algorithm 1 ({@code docs/equations.md#alg-1}); see {@link AdaBayes}. */
    static ScalarRule adabayes(OptimizerSpec o, int batch, int n) {
        double eta = o.number(LR);
        double sigma2 = o.number(SIGMA2);
        double b1 = o.number(BETA1);
        double lambda = o.number(WEIGHT_DECAY);
        boolean exactPrior = Boolean.TRUE.equals(o.value(HyperParameter.EXACT_PRIOR));
        boolean nawd = flag(o, NAWD);
        boolean centred = flag(o, CENTRED);
        double[] m = new double[n];
        double[] post = new double[n];
        java.util.Arrays.fill(post, sigma2);
        return (w, grad, t, f) -> {
            double etaF = eta * f;
            double sig2F = sigma2 * f;
            double rho = etaF * etaF / sig2F;
            for (int i = 0; i < n; i++) {
                double prior = exactPrior
                        ? post[i] * Math.exp(-rho) + sig2F * (1 - Math.exp(-rho))
                        : (1 - rho / 2) * (1 - rho / 2) * post[i] + etaF * etaF;
                double g = batch * grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                double e = centred ? g - m[i] : g;
                post[i] = 1 / (1 / prior + e * e);
                double shrink = 1 - lambda * f;
                w[i] = (w[i] * (nawd ? 1 : shrink) - post[i] * m[i] / (1 - Math.pow(b1, t)))
                        * (nawd ? shrink : 1);
            }
        };
    }

    /** AdaBayes-FP, Algorithm 2 ({@code docs/equations.md#alg-2}); see {@link AdaBayesFp}. */
    static ScalarRule adabayesFp(OptimizerSpec o, int batch, int n) {
        double eta = o.number(LR);
        double sigma2 = o.number(SIGMA2);
        double b1 = o.number(BETA1);
        double b2 = o.number(BETA2);
        double eps = o.number(EPS);
        double lambda = o.number(WEIGHT_DECAY);
        boolean nawd = flag(o, NAWD);
        boolean centred = flag(o, CENTRED);
        double[] m = new double[n];
        double[] v = new double[n];
        return (w, grad, t, f) -> {
            for (int i = 0; i < n; i++) {
                double g = batch * grad[i];
                m[i] = b1 * m[i] + (1 - b1) * g;
                double e = centred ? g - m[i] : g;
                v[i] = b2 * v[i] + (1 - b2) * e * e;
                double post = fixedPoint(v[i] / (1 - Math.pow(b2, t)) + eps, eta * f, sigma2 * f);
                w[i] = (w[i] * (nawd ? 1 : 1 - lambda) - post * m[i] / (1 - Math.pow(b1, t)))
                        * (nawd ? 1 - lambda : 1);
            }
        };
    }

    /** A variant flag of the 2018 paper: as set, else the paper's behaviour for the optimizer. */
    private static boolean flag(OptimizerSpec o, HyperParameter p) {
        return o.kind().accepts(p) && o.flag(p);
    }

    /** Eq. (21): the fixed point of AdaBayes' learning rate for mean squared gradient g2. */
    public static double fixedPoint(double g2, double eta, double sigma2) {
        return 1 / (1 / (2 * sigma2) + Math.sqrt(1 / (4 * sigma2 * sigma2) + g2 / (eta * eta)));
    }
}

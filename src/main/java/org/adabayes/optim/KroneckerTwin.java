package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.BETA1;
import static org.adabayes.optim.HyperParameter.BETA2;
import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.NAWD;
import static org.adabayes.optim.HyperParameter.REFRESH_EVERY;
import static org.adabayes.optim.HyperParameter.SIGMA2;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

/**
 * The double-precision twin of AdaBayes-KF on one layer ({@code docs/kronecker.md}), in plain
 * loops over row-major arrays, for the tests: the weight is a fan-out x fan-in matrix, the
 * statistics arrive as input rows and mean-loss output-gradient rows as the training step hands
 * them to {@link AdaBayesKf#observe}.
 */
public final class KroneckerTwin {
    private final int out;
    private final int in;
    private final int batch;
    private final double eta;
    private final double sigma2;
    private final double b1;
    private final double b2;
    private final double eps;
    private final double lambda;
    private final boolean nawd;
    private final int refreshEvery;
    private final double[] a;
    private final double[] s;
    private final double[] m;
    private Kronecker.Eigen ea;
    private Kronecker.Eigen es;

    public KroneckerTwin(OptimizerSpec resolved, int batch, int out, int in) {
        this.out = out;
        this.in = in;
        this.batch = batch;
        eta = resolved.number(LR);
        sigma2 = resolved.number(SIGMA2);
        b1 = resolved.number(BETA1);
        b2 = resolved.number(BETA2);
        eps = resolved.number(EPS);
        lambda = resolved.number(WEIGHT_DECAY);
        nawd = resolved.flag(NAWD);
        refreshEvery = (Integer) resolved.value(REFRESH_EVERY);
        a = new double[in * in];
        s = new double[out * out];
        m = new double[out * in];
    }

    /** One minibatch: x (rows x in) input rows, d (rows x out) output gradients, n images. */
    public void observe(double[][] x, double[][] d, int n) {
        int rows = x.length;
        accumulate(a, x, in, (1 - b2) / n);
        accumulate(s, d, out, (1 - b2) * n * (double) n / rows);
    }

    private void accumulate(double[] f, double[][] rows, int k, double scale) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (double[] r : rows) {
                    sum += r[i] * r[j];
                }
                f[i * k + j] = b2 * f[i * k + j] + scale * sum;
            }
        }
    }

    /** Step t (1-based) with mean-loss gradient g (out x in), schedule factor f. */
    public void step(double[] w, double[] g, int t, double f) {
        if (ea == null || t % refreshEvery == 0) {
            double bc2 = 1 - Math.pow(b2, t);
            ea = Kronecker.eigh(a, in, 1 / bc2);
            es = Kronecker.eigh(s, out, 1 / bc2);
        }
        double[] gbar = new double[out * in];
        for (int i = 0; i < m.length; i++) {
            m[i] = b1 * m[i] + (1 - b1) * g[i];
            gbar[i] = batch * m[i] / (1 - Math.pow(b1, t));
        }
        double[] delta = precondition(gbar, eta * f, sigma2 * f);
        for (int i = 0; i < w.length; i++) {
            w[i] = nawd ? (w[i] - delta[i]) * (1 - lambda) : w[i] * (1 - lambda) - delta[i];
        }
    }

    /**
     * V (rate o (V^T gbar U)) U^T with rate_ji = eq. (21) at B a_i s_j + eps, the factors' last
     * refresh. With sigma2 infinite and eta 1 (and eps 0) this is (B A (x) S)^(-1/2) gbar.
     */
    public double[] precondition(double[] gbar, double etaF, double sigma2F) {
        double[] u = ea.vectors();
        double[] v = es.vectors();
        double[] rot = mul(mul(transpose(v, out, out), gbar, out, out, in), u, out, in, in);
        for (int j = 0; j < out; j++) {
            for (int i = 0; i < in; i++) {
                double lam = batch * ea.values()[i] * es.values()[j] + eps;
                rot[j * in + i] *= ScalarRules.fixedPoint(lam, etaF, sigma2F);
            }
        }
        return mul(mul(v, rot, out, out, in), transpose(u, in, in), out, in, in);
    }

    /** Sets the factors outright (A = a, S = s, row-major), as if refreshed from them. */
    public void setFactors(double[] factorA, double[] factorS) {
        ea = Kronecker.eigh(factorA, in, 1);
        es = Kronecker.eigh(factorS, out, 1);
    }

    /** Refreshes the eigendecompositions from the statistics now (bias-corrected for t steps). */
    public void refresh(int t) {
        double bc2 = 1 - Math.pow(b2, t);
        ea = Kronecker.eigh(a, in, 1 / bc2);
        es = Kronecker.eigh(s, out, 1 / bc2);
    }

    private static double[] mul(double[] x, double[] y, int r, int k, int c) {
        double[] z = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int l = 0; l < k; l++) {
                double xv = x[i * k + l];
                for (int j = 0; j < c; j++) {
                    z[i * c + j] += xv * y[l * c + j];
                }
            }
        }
        return z;
    }

    private static double[] transpose(double[] x, int r, int c) {
        double[] z = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[j * r + i] = x[i * c + j];
            }
        }
        return z;
    }
}

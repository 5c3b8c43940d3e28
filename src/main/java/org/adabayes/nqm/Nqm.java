package org.adabayes.nqm;

/**
 * The model: L(x) = 1/2 sum h_i x_i^2 with h_i = 1/i, x_0 ~ N(0, I), minibatch gradient
 * H x + noise with covariance H / B. Every coordinate evolves independently.
 */
public record Nqm(int dim, double target) {
    public Nqm {
        if (dim < 1) {
            throw new IllegalArgumentException("--dim must be positive, got " + dim);
        }
        if (!(target > 0)) {
            throw new IllegalArgumentException("--target must be positive, got " + target);
        }
    }

    public double[] curvatures() {
        double[] h = new double[dim];
        for (int i = 0; i < dim; i++) {
            h[i] = 1.0 / (i + 1);
        }
        return h;
    }

    /** The expected loss at the start, 1/2 sum h_i (E x_i^2 = 1). */
    public double initialLoss() {
        double s = 0;
        for (double v : curvatures()) {
            s += v;
        }
        return s / 2;
    }
}

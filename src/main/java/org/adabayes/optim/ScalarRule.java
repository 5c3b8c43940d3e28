package org.adabayes.optim;

/**
 * The double-precision twin of each optimizer: the same update rule on plain arrays, one element at
 * a time, written from the equations ({@code docs/equations.md}) rather than from the NDArray code.
 * The NQM simulates with it (no DJL there) and the tests check every DJL optimizer against it.
 */
@FunctionalInterface
public interface ScalarRule {
    /**
     * One step on every element.
     *
     * @param w weights, updated in place
     * @param g gradient of the mean loss
     * @param t 1-based step count
     * @param f schedule factor
     */
    void step(double[] w, double[] g, int t, double f);
}

package org.adabayes.optim;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The pure-Java eigendecomposition of a symmetric Kronecker factor (EJML, double precision): the
 * twin's solver, and AdaBayes-KF's where libtorch's ({@link TorchEigh}) cannot be loaded.
 */
final class Kronecker {
    private Kronecker() {}

    /**
     * Eigenvalues (negative round-off clamped to 0) and eigenvectors of a symmetric matrix.
     *
     * @param values n eigenvalues
     * @param vectors row-major n x n, column i the eigenvector of value i
     */
    record Eigen(double[] values, double[] vectors) {}

    /** The eigendecomposition of {@code scale} times the row-major symmetric n x n {@code a}. */
    static Eigen eigh(double[] a, int n, double scale) {
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                // symmetrise: the running averages are symmetric only up to round-off
                m.set(i, j, 0.5 * scale * (a[i * n + j] + a[j * n + i]));
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m)) {
            throw new IllegalStateException("eigendecomposition of a " + n + "x" + n
                    + " Kronecker factor failed");
        }
        double[] values = new double[n];
        double[] vectors = new double[n * n];
        for (int i = 0; i < n; i++) {
            values[i] = Math.max(0, eig.getEigenvalue(i).getReal());
            DMatrixRMaj v = eig.getEigenVector(i);
            for (int r = 0; r < n; r++) {
                vectors[r * n + i] = v.get(r, 0);
            }
        }
        return new Eigen(values, vectors);
    }
}

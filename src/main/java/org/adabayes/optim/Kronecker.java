package org.adabayes.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.adabayes.optim.OptimizerState.Slots;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Kronecker-factor arithmetic AdaBayes-KF's forms share: the eigendecomposition of a
 * symmetric factor (libtorch's solver on the factor's device, {@link TorchEigh}, else EJML in
 * double precision, which is also the twin's), and the row-major matrix products of the twin.
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

    /**
     * Eigendecomposes each bias-corrected factor {@code pairs[k][0]} and stores its vectors and
     * values in the slots {@code pairs[k][1]} and {@code pairs[k][2]}.
     */
    static void refresh(NDManager manager, DataType dtype, Slots s, double bc2,
            String[][] pairs) {
        for (String[] p : pairs) {
            NDArray factor = s.find(p[0]);
            NDArray sym = factor.add(factor.transpose()).muli(0.5 / bc2)
                    .toType(DataType.FLOAT64, false);
            NDList e = TorchEigh.eigh(sym);
            if (e != null) {
                s.replace(p[1], contiguous(e.get(1).toType(dtype, false)));
                s.replace(p[2], e.get(0).maximum(0).toType(dtype, false));
                continue;
            }
            int n = (int) factor.getShape().get(0);
            Eigen j = eigh(sym.toDoubleArray(), n, 1);
            s.replace(p[1], manager.create(j.vectors(), new Shape(n, n)).toType(dtype, false));
            s.replace(p[2], manager.create(j.values()).toType(dtype, false));
        }
    }

    /**
     * The array in row-major memory. LAPACK hands eigenvectors back column-major (a transposed
     * view); a checkpoint stores values, not strides, so a resumed run would multiply by a
     * row-major copy where the uninterrupted one used the view, and BLAS rounds the two products
     * differently in the last bit. Keeping the factors row-major from the start makes the resume
     * exact.
     */
    static NDArray contiguous(NDArray a) {
        return a.reshape(-1).reshape(a.getShape());
    }

    /** The r x c product of row-major x (r x k) and y (k x c). */
    static double[] mul(double[] x, double[] y, int r, int k, int c) {
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

    /** The transpose of row-major x (r x c). */
    static double[] transpose(double[] x, int r, int c) {
        double[] z = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[j * r + i] = x[i * c + j];
            }
        }
        return z;
    }

    /** A factor's running average, NDArray form: the first minibatch's, then decay f + fresh. */
    static void average(Slots s, String name, NDArray fresh, double decay) {
        NDArray old = s.find(name);
        if (old == null) {
            s.replace(name, fresh);
        } else {
            old.muli(decay).addi(fresh);
        }
    }

    /** Double form: f = decay f + scale R^T R for k-wide rows R, f row-major k x k. */
    static void average(double[] f, double[][] rows, int k, double decay, double scale) {
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double sum = 0;
                for (double[] r : rows) {
                    sum += r[i] * r[j];
                }
                f[i * k + j] = decay * f[i * k + j] + scale * sum;
            }
        }
    }
}

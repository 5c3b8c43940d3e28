package org.adabayes.optim;

import static org.adabayes.optim.HyperParameter.BETA2;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.REFRESH_EVERY;
import static org.adabayes.optim.HyperParameter.SIGMA2;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * AdaBayes-KF: AdaBayes-FP with a Kronecker-factored posterior for every convolution and linear
 * weight (the 2018 paper's section 2.1.3; derivation and approximations in
 * {@code docs/kronecker.md}). A layer's weight, as a matrix W (fan-out x fan-in), with
 *
 * <pre>
 * A = EMA_b2( X X^T / n )            X: input columns (patches), n images
 * S = EMA_b2( n^2 D D^T / rows )     D: mean-loss output gradients, so n D is per-image
 * A = U diag(a) U^T ; S = V diag(s) V^T       bias-corrected, refreshed every refreshEvery steps
 * G_bar = B m / (1 - b1^t)                    m: momentum of the mean-loss gradient
 * rate_ji = 1 / ( 1/(2 sigma2_f) + sqrt( 1/(4 sigma2_f^2) + (B a_i s_j + eps) / eta_f^2 ) )
 * W = (W - V (rate o (V^T G_bar U)) U^T) (1 - lambda)       (decay before the step: nawd false)
 * </pre>
 *
 * B a_i s_j are the eigenvalues of the Kronecker-factored Fisher of the summed loss, B A (x) S,
 * the matrix counterpart of AdaBayes-FP's G2_bar, and the rate is eq. (21) applied to each of
 * them. With sigma2 -> infinity the step is eta (B A (x) S)^(-1/2) G_bar, the paper's
 * sqrt(eta) E[x x^T]^(-1/2) (x) sqrt(eta) E[delta delta^T]^(-1/2) steady state; where the
 * curvature is small the rate tends to sigma2, AdaBayes-FP's SGD limit, so no damping term is
 * needed. BatchNorm parameters, biases, and any weight whose layer sent no statistics take
 * AdaBayes-FP's element-wise step.
 */
public final class AdaBayesKf extends AdaBayesFp implements LayerStatistics {
    private static final String A = "kf.A";
    private static final String S = "kf.S";

    AdaBayesKf(HarnessBuilder<?> b) {
        super(b);
    }

    public static HarnessBuilder<AdaBayesKf> builder() {
        return new HarnessBuilder<>(OptimizerKind.ADABAYES_KF, AdaBayesKf::new);
    }

    @Override
    public void observe(String id, NDArray inputs, NDArray outputGradients, int batch) {
        Slots s = slotsOf(id);
        double b2 = number(BETA2);
        double rows = inputs.getShape().get(1);
        average(s, A, inputs.matMul(inputs.transpose()).muli((1 - b2) / batch), b2);
        average(s, S, outputGradients.matMul(outputGradients.transpose())
                .muli((1 - b2) * batch * (double) batch / rows), b2);
    }

    private static void average(Slots s, String name, NDArray fresh, double decay) {
        NDArray old = s.find(name);
        if (old == null) {
            s.replace(name, fresh);
        } else {
            old.muli(decay).addi(fresh);
        }
    }

    /** The Kronecker-factored layers need matrix products: never the element-wise kernel. */
    @Override
    protected boolean fusable(String id) {
        return !hasSlot(id, A);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        if (s.find(A) == null) {
            super.step(id, t, w, grad, s);
            return;
        }
        Moments c = Moments.of(spec(), t);
        int every = (Integer) spec().value(REFRESH_EVERY);
        if (s.find("kf.U") == null || t % every == 0) {
            refresh(w.getManager(), w.getDataType(), s, c.bc2());
        }
        double etaF = number(LR) * scheduleFactor();
        double inv2s = 1 / (2 * number(SIGMA2) * scheduleFactor());
        double b = batchSize();
        Shape shape = w.getShape();
        long out = shape.get(0);
        NDArray m = s.get("m", 0).muli(c.b1()).addi(grad.mul(1 - c.b1()));
        NDArray u = s.find("kf.U");
        NDArray v = s.find("kf.V");
        NDArray rotated = v.transpose().matMul(m.reshape(out, -1)).matMul(u)
                .muli(b / c.bc1());                                  // V^T G_bar U
        NDArray rate = s.find("kf.s").reshape(out, 1).mul(s.find("kf.a").reshape(1, -1))
                .muli(b).addi(c.eps()).muli(1 / (etaF * etaF))        // (B a s + eps) / eta^2
                .addi(inv2s * inv2s).sqrt().addi(inv2s).powi(-1);   // eq. (21)
        NDArray delta = v.matMul(rotated.muli(rate)).matMul(u.transpose()).reshape(shape);
        decay().apply(w, delta);
    }

    /**
     * Refreshes every layer's eigendecompositions now, as a step due for it does (the benchmark's
     * refresh cost); returns the largest factor's side.
     */
    public int refreshAll() {
        int largest = 0;
        for (String id : stateIds()) {
            if (!hasSlot(id, A)) {
                continue;
            }
            Slots s = slotsOf(id);
            NDArray a = s.find(A);
            largest = Math.max(largest, (int) Math.max(a.getShape().get(0),
                    s.find(S).getShape().get(0)));
            try (NDManager m = NDManager.newBaseManager(a.getDevice());
                    ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
                refresh(m, a.getDataType(), s, 1);
            }
        }
        return largest;
    }

    /**
     * Eigendecomposes both bias-corrected factors and stores U, a, V, s: with libtorch's solver
     * on the factor's device ({@link TorchEigh}), else on the host in Java (EJML).
     */
    private static void refresh(NDManager manager, DataType dtype, Slots s, double bc2) {
        String[][] pairs = {{A, "kf.U", "kf.a"}, {S, "kf.V", "kf.s"}};
        for (String[] p : pairs) {
            NDArray factor = s.find(p[0]);
            NDArray sym = factor.add(factor.transpose()).muli(0.5 / bc2)
                    .toType(DataType.FLOAT64, false);
            NDList e = TorchEigh.eigh(sym);
            if (e != null) {
                s.replace(p[1], e.get(1).toType(dtype, false));
                s.replace(p[2], e.get(0).maximum(0).toType(dtype, false));
                continue;
            }
            int n = (int) factor.getShape().get(0);
            Kronecker.Eigen j = Kronecker.eigh(sym.toDoubleArray(), n, 1);
            s.replace(p[1], manager.create(j.vectors(), new Shape(n, n)).toType(dtype, false));
            s.replace(p[2], manager.create(j.values()).toType(dtype, false));
        }
    }

    /** Whether refreshes use libtorch's eigensolver on this device (else Java's). */
    public static boolean nativeEigensolver(ai.djl.Device device) {
        return TorchEigh.available(device);
    }
}

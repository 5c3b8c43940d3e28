package org.adabayes.optim;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.optim.OptimizerState.Slots;

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
 * AdaBayes-FP's element-wise step, through an AdaBayes-FP the rule holds (held, not inherited:
 * AdaBayes-KF's options and builder are not AdaBayes-FP's, they lack {@code centred}). The options,
 * the builder, the NDArray form, the multi-tensor step of all factored layers ({@link #updateAll})
 * and the double twin of a layer's step ({@link Twin}) follow one another here; a matrix step has
 * no fused kernel.
 */
public final class AdaBayesKf extends StatefulOptimizer implements LayerStatistics {
    static final String A = "kf.A";
    private static final String S = "kf.S";
    private static final String[][] FACTORS = {{A, "kf.U", "kf.a"}, {S, "kf.V", "kf.s"}};

    /** AdaBayes-FP's step, which every parameter without layer statistics takes. */
    private final AdaBayesFp elementWise;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double sigma2;
    private final int refreshEvery;

    AdaBayesKf(Options o, int batchSize) {
        super(o, batchSize);
        AdaBayesFp.Options fp = o.elementWise();
        elementWise = new AdaBayesFp(fp, batchSize);
        lr = fp.lr();
        beta1 = fp.beta1();
        beta2 = fp.beta2();
        eps = fp.eps();
        sigma2 = fp.sigma2();
        refreshEvery = o.refreshEvery();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * AdaBayes-KF's hyper-parameters: AdaBayes-FP's but {@code centred}, with its defaults, and
     * {@code refreshEvery}, the steps between eigendecompositions (20, written out when
     * resolved).
     */
    public record Options(Double lr, Double beta1, Double beta2, Double eps, Double weightDecay,
            Double etaSgd, Double sigma2, Boolean nawd, Integer refreshEvery)
            implements OptimizerOptions.Bayesian {
        public Options {
            Hyper.positive("lr", lr);
            Hyper.unit("beta1", beta1);
            Hyper.unit("beta2", beta2);
            Hyper.nonNegative("eps", eps);
            Hyper.unit("weightDecay", weightDecay);
            Hyper.positive("etaSgd", etaSgd);
            Hyper.positive("sigma2", sigma2);
            Hyper.count("refreshEvery", refreshEvery);
        }

        Options() {
            this(null, null, null, null, null, null, null, null, null);
        }

        /** AdaBayes-FP's options with these values: the step of a parameter without factors. */
        AdaBayesFp.Options elementWise() {
            return new AdaBayesFp.Options(lr, beta1, beta2, eps, weightDecay, etaSgd, sigma2,
                    nawd, null);
        }

        @Override
        public OptimizerKind kind() {
            return OptimizerKind.ADABAYES_KF;
        }

        @Override
        public Options resolve(PaperNetwork network, int batchSize) {
            AdaBayesFp.Options fp = elementWise().resolve(network, batchSize);
            return new Options(fp.lr(), fp.beta1(), fp.beta2(), fp.eps(), fp.weightDecay(),
                    fp.etaSgd(), fp.sigma2(), nawd, Hyper.or(refreshEvery, 20));
        }

        @Override
        public AdaBayesKf create(int batchSize) {
            return new AdaBayesKf(this, batchSize);
        }

        /** AdaBayes-FP's twin: the step of every parameter without layer statistics. */
        @Override
        public ScalarRule twin(int batchSize, int elements) {
            return AdaBayesFp.twin(elementWise(), batchSize, elements);
        }

        @Override
        public String variant() {
            return Hyper.variant("NAWD", nawd, true);
        }
    }

    /** AdaBayes-FP's options but {@code centred}, and how often the factors are refreshed. */
    public static final class Builder extends RuleBuilder.Bayesian<Builder> {
        private Double beta2;
        private Double eps;
        private Integer refreshEvery;

        Builder() {}

        /** The decay of the moments and of the factors' averages (0.999). */
        public Builder optBeta2(float v) {
            beta2 = (double) v;
            return this;
        }

        /** eps, added to each eigenvalue product (1e-8). */
        public Builder optEpsilon(float v) {
            eps = (double) v;
            return this;
        }

        /** Steps between a layer's eigendecompositions (20). */
        public Builder optRefreshEvery(int v) {
            refreshEvery = v;
            return this;
        }

        @Override
        public AdaBayesKf build() {
            int b = batch(OptimizerKind.ADABAYES_KF);
            return new Options(lr, beta1, beta2, eps, weightDecay, etaSgd, sigma2, nawd,
                    refreshEvery).resolve(network, b).create(b);
        }
    }

    @Override
    public void observe(String id, NDArray inputs, NDArray outputGradients, int batch) {
        Slots s = state().slots(id, null);
        double b2 = beta2;
        double rows = inputs.getShape().get(1);
        Kronecker.average(s, A, inputs.matMul(inputs.transpose()).muli((1 - b2) / batch), b2);
        Kronecker.average(s, S, outputGradients.matMul(outputGradients.transpose())
                .muli((1 - b2) * batch * (double) batch / rows), b2);
    }

    /** The Kronecker-factored layers need matrix products: never the element-wise kernel. */
    @Override
    protected boolean fusable(String id) {
        return !state().has(id, A);
    }

    @Override
    public void setScheduleFactor(double factor) {
        super.setScheduleFactor(factor);
        elementWise.setScheduleFactor(factor);
    }

    @Override
    public void setTrace(LrTrace trace) {
        super.setTrace(trace);
        elementWise.setTrace(trace);
    }

    @Override
    protected List<Slot> slots() {
        return elementWise.slots();
    }

    @Override
    protected Kernel kernel(int t) {
        return elementWise.kernel(t);
    }

    @Override
    protected MultiTensor.Call multiTensor(int t) {
        return elementWise.multiTensor(t);
    }

    @Override
    protected void step(String id, int t, NDArray w, NDArray grad, Slots s) {
        if (s.find(A) == null) {
            elementWise.step(id, t, w, grad, s);
            return;
        }
        Moments c = Moments.of(beta1, beta2, eps, t);
        refreshIfDue(w, s, t, c);
        double etaF = lr * scheduleFactor();
        double inv2s = 1 / (2 * sigma2 * scheduleFactor());
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
        elementWise.decay().apply(w, delta);
    }

    /**
     * As every rule, then the Kronecker-factored layers (those the LR trace does not sample) in
     * one call of the multi-tensor module (its {@code adabayes-kf-layers} branch), which runs the
     * matrix step above layer by layer, so a GPU's host makes one call per step for all of them
     * where the NDArray form makes about fifteen per layer. Their eigendecompositions, where due,
     * are refreshed first, in Java, as {@link #step} does.
     */
    @Override
    public void updateAll(List<String> ids, List<NDArray> weights, List<NDArray> grads) {
        List<Integer> layers = new ArrayList<>();
        List<String> otherIds = new ArrayList<>();
        List<NDArray> otherW = new ArrayList<>();
        List<NDArray> otherG = new ArrayList<>();
        boolean multi = multiTensor() && MultiTensor.available();
        LrTrace trace = trace();
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (multi && state().has(id, A) && weights.get(i) instanceof PtNDArray
                    && grads.get(i) instanceof PtNDArray
                    && (trace == null || !trace.samples(id))) {
                layers.add(i);
            } else {
                otherIds.add(id);
                otherW.add(weights.get(i));
                otherG.add(grads.get(i));
            }
        }
        super.updateAll(otherIds, otherW, otherG);
        Map<Integer, List<Integer>> byStep = new TreeMap<>();
        for (int i : layers) {
            byStep.computeIfAbsent(state().nextStep(ids.get(i)), k -> new ArrayList<>()).add(i);
        }
        byStep.forEach((t, at) -> stepLayers(t, at, ids, weights, grads));
    }

    /** One multi-tensor call over the factored layers {@code at}, all at step {@code t}. */
    private void stepLayers(int t, List<Integer> at, List<String> ids, List<NDArray> weights,
            List<NDArray> grads) {
        Moments c = Moments.of(beta1, beta2, eps, t);
        String[] slots = {"m", "kf.U", "kf.V", "kf.a", "kf.s"};
        List<NDArray> w = new ArrayList<>();
        List<NDArray> g = new ArrayList<>();
        List<NDArray> own = new ArrayList<>();
        List<List<NDArray>> state = new ArrayList<>();
        for (String slot : slots) {
            state.add(new ArrayList<>());
        }
        for (int i : at) {
            NDArray weight = weights.get(i);
            Slots s = state().slots(ids.get(i), weight);
            try (NDScope scope = new NDScope()) {
                refreshIfDue(weight, s, t, c);
            }
            for (Slot slot : slots()) {
                s.get(slot.name(), slot.init()); // the element-wise slots too, as every step
            }
            for (int k = 0; k < slots.length; k++) {
                state.get(k).add(s.find(slots[k]));
            }
            w.add(weight);
            g.add(grads.get(i));
            if (weight.hasGradient()) {
                own.add(weight.getGradient());
            }
        }
        double etaF = lr * scheduleFactor();
        double b = batchSize();
        Decay d = elementWise.decay();
        MultiTensor.Call call = new MultiTensor.Call("adabayes-kf-layers", new double[] {c.b1(),
            b / c.bc1(), b, c.eps(), 1 / (etaF * etaF), 1 / (2 * sigma2 * scheduleFactor()),
            d.before(), d.after()});
        List<NDArray> flat = new ArrayList<>();
        state.forEach(flat::addAll);
        try {
            MultiTensor.run(call, w, g, flat, own);
        } finally {
            own.forEach(NDArray::close);
        }
    }

    /** Decomposes a layer's factors at its first step and every {@code refreshEvery} steps. */
    void refreshIfDue(NDArray w, Slots s, int t, Moments c) {
        if (s.find("kf.U") == null || t % refreshEvery == 0) {
            Kronecker.refresh(w.getManager(), w.getDataType(), s, c.bc2(), FACTORS);
        }
    }

    /**
     * Refreshes every layer's eigendecompositions now, as a step due for it does (the benchmark's
     * refresh cost); says the largest factor's side and the eigensolver.
     */
    @Override
    public String refreshAll() {
        int largest = 0;
        Device device = null;
        for (String id : state().ids()) {
            if (!state().has(id, A)) {
                continue;
            }
            Slots s = state().slots(id, null);
            NDArray a = s.find(A);
            largest = Math.max(largest, (int) Math.max(a.getShape().get(0),
                    s.find(S).getShape().get(0)));
            try (NDManager m = NDManager.newBaseManager(a.getDevice());
                    NDScope scope = new NDScope()) {
                Kronecker.refresh(m, a.getDataType(), s, 1, FACTORS);
                device = a.getDevice();
            }
        }
        return largest + " x " + largest + " every " + refreshEvery + " steps, "
                + (device != null && TorchEigh.available(device) ? "libtorch's eigh"
                        : "EJML (Java)");
    }

    /**
     * The double-precision twin of one layer's step, in plain loops over row-major arrays, for
     * the tests: the weight is a fan-out x fan-in matrix, the statistics arrive as input rows and
     * mean-loss output-gradient rows as the training step hands them to {@link #observe}. (Every
     * parameter without layer statistics takes AdaBayes-FP's twin.)
     */
    public static final class Twin {
        private final Options o;
        private final int out;
        private final int in;
        private final int batch;
        private final double b2;
        private final double[] a;
        private final double[] s;
        private final double[] m;
        private Kronecker.Eigen ea;
        private Kronecker.Eigen es;

        public Twin(Options resolved, int batch, int out, int in) {
            this.o = resolved;
            this.out = out;
            this.in = in;
            this.batch = batch;
            b2 = resolved.beta2();
            a = new double[in * in];
            s = new double[out * out];
            m = new double[out * in];
        }

        /** One minibatch: x (rows x in) input rows, d (rows x out) output gradients, n images. */
        public void observe(double[][] x, double[][] d, int n) {
            int rows = x.length;
            Kronecker.average(a, x, in, b2, (1 - b2) / n);
            Kronecker.average(s, d, out, b2, (1 - b2) * n * (double) n / rows);
        }

        /** Step t (1-based) with mean-loss gradient g (out x in), schedule factor f. */
        public void step(double[] w, double[] g, int t, double f) {
            if (ea == null || t % o.refreshEvery() == 0) {
                refresh(t);
            }
            double b1 = o.beta1();
            double[] gbar = new double[out * in];
            for (int i = 0; i < m.length; i++) {
                m[i] = b1 * m[i] + (1 - b1) * g[i];
                gbar[i] = batch * m[i] / (1 - Math.pow(b1, t));
            }
            double[] delta = precondition(gbar, o.lr() * f, o.sigma2() * f);
            Decay decay = Decay.of(Hyper.flag(o.nawd(), true), 1 - o.weightDecay());
            for (int i = 0; i < w.length; i++) {
                w[i] = decay.apply(w[i], delta[i]);
            }
        }

        /**
         * V (rate o (V^T gbar U)) U^T with rate_ji = eq. (21) at B a_i s_j + eps, the factors'
         * last refresh. With sigma2 infinite and eta 1 (and eps 0) this is (B A (x) S)^(-1/2)
         * gbar.
         */
        public double[] precondition(double[] gbar, double etaF, double sigma2F) {
            double[] u = ea.vectors();
            double[] v = es.vectors();
            double[] rot = Kronecker.mul(Kronecker.mul(Kronecker.transpose(v, out, out), gbar,
                    out, out, in), u, out, in, in);
            for (int j = 0; j < out; j++) {
                for (int i = 0; i < in; i++) {
                    double lam = batch * ea.values()[i] * es.values()[j] + o.eps();
                    rot[j * in + i] *= AdaBayesFp.fixedPoint(lam, etaF, sigma2F);
                }
            }
            return Kronecker.mul(Kronecker.mul(v, rot, out, out, in),
                    Kronecker.transpose(u, in, in), out, in, in);
        }

        /** Sets the factors outright (A = a, S = s, row-major), as if refreshed from them. */
        public void setFactors(double[] factorA, double[] factorS) {
            ea = Kronecker.eigh(factorA, in, 1);
            es = Kronecker.eigh(factorS, out, 1);
        }

        /** Refreshes the eigendecompositions from the statistics now (bias-corrected, t steps). */
        public void refresh(int t) {
            double bc2 = 1 - Math.pow(b2, t);
            ea = Kronecker.eigh(a, in, 1 / bc2);
            es = Kronecker.eigh(s, out, 1 / bc2);
        }
    }
}

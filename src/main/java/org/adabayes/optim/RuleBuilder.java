package org.adabayes.optim;

import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;

/**
 * What every optimizer's builder shares, in DJL's shape: each rule's nested {@code Builder}
 * extends this with {@code optX} methods for its own hyper-parameters only (so
 * {@code Sgd.builder().optEtaSgd(..)} does not compile), and the AdaBayes family add
 * {@code setBatchSize}. Defaults and ranges are the registry's, so a builder cannot disagree with
 * a run config. DJL's own builder options have no meaning in these update rules and throw rather
 * than being ignored.
 *
 * @param <B> the concrete builder
 */
public abstract class RuleBuilder<B extends RuleBuilder<B>> extends OptimizerBuilder<B> {
    private OptimizerSpec spec;
    private PaperNetwork network = PaperNetwork.RESNET34;
    private int batchSize;
    private OptimizerSpec resolved;

    protected RuleBuilder(OptimizerKind kind) {
        this.spec = OptimizerSpec.of(kind);
    }

    /** Sets a hyper-parameter; {@link #build()} rejects a value out of its range. */
    protected B set(HyperParameter p, Object value) {
        spec = spec.with(p, value);
        return self();
    }

    public B optLearningRate(float v) {
        return set(HyperParameter.LR, v);
    }

    /** Coupled L2 for the six baselines, the decoupled lambda for AdamW and the AdaBayes trio. */
    public B optWeightDecay(float v) {
        return set(HyperParameter.WEIGHT_DECAY, v);
    }

    /** Every hyper-parameter of a spec of this builder's kind (resolved or not). */
    public B from(OptimizerSpec s) {
        if (s.kind() != spec.kind()) {
            throw new IllegalArgumentException("a " + spec.kind() + " builder cannot take a "
                    + s.kind() + " spec");
        }
        spec = s;
        return self();
    }

    /** Whose column of the paper's hyper-parameter table fills the defaults (ResNet-34). */
    public B optDefaultsOf(PaperNetwork n) {
        network = n;
        return self();
    }

    /** B: the AdaBayes family filter the summed-loss gradient, B times the mean-loss one. */
    protected B batch(int b) {
        batchSize = b;
        return self();
    }

    /** The optimizer, its defaults resolved and every value checked. */
    public abstract StatefulOptimizer build();

    /** Resolves the defaults and checks every value; each {@code build()} calls it first. */
    protected B resolve() {
        if (spec.kind().isBayesian() && batchSize <= 0) {
            throw new IllegalArgumentException(spec.kind() + ": setBatchSize must be given a "
                    + "positive batch size, got " + batchSize);
        }
        resolved = spec.resolve(network, batchSize);
        return self();
    }

    OptimizerSpec resolved() {
        return resolved;
    }

    int batchSize() {
        return batchSize;
    }

    @Override
    public B setRescaleGrad(float rescaleGrad) {
        throw unsupported("setRescaleGrad", "the rules read the gradient of the mean loss as it "
                + "is");
    }

    @Override
    public B optWeightDecays(float weightDecays) {
        throw unsupported("optWeightDecays", "use optWeightDecay, which is coupled or decoupled "
                + "as the rule is");
    }

    @Override
    public B optClipGrad(float clipGrad) {
        throw unsupported("optClipGrad", "no rule of the paper clips gradients");
    }

    @Override
    public B optBeginNumUpdate(int beginNumUpdate) {
        throw unsupported("optBeginNumUpdate", "step counts are per parameter and checkpointed");
    }

    private UnsupportedOperationException unsupported(String what, String why) {
        return new UnsupportedOperationException(what + " is not supported by " + spec.kind()
                + ": " + why);
    }

    /**
     * The options the AdaBayes family share: beta1, sigma^2 and eta_SGD (sigma^2 defaults to
     * eta_SGD / B), the order of the decay ({@code nawd}), and the batch size B that their rules
     * need, since they filter the summed-loss gradient.
     *
     * @param <B> the concrete builder
     */
    public abstract static class Bayesian<B extends Bayesian<B>> extends RuleBuilder<B> {
        protected Bayesian(OptimizerKind kind) {
            super(kind);
        }

        public B optBeta1(float v) {
            return set(HyperParameter.BETA1, v);
        }

        public B optSigma2(float v) {
            return set(HyperParameter.SIGMA2, v);
        }

        public B optEtaSgd(float v) {
            return set(HyperParameter.ETA_SGD, v);
        }

        public B optNawd(boolean v) {
            return set(HyperParameter.NAWD, v);
        }

        /** B, the number of images per minibatch (required). */
        public B setBatchSize(int b) {
            return batch(b);
        }
    }
}

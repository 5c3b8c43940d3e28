package org.adabayes.optim;

import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;
import java.util.function.Function;

/**
 * What every optimizer's builder shares, in DJL's shape: each rule's nested {@code Builder}
 * extends this and implements the {@link Options} it has, so it offers only its own
 * hyper-parameters; the AdaBayes family's ({@link Bayesian}) add {@code setBatchSize}. Defaults and
 * ranges are the registry's, so a builder cannot disagree with a run config. DJL's own builder
 * options have no meaning in these update rules and throw rather than being ignored.
 *
 * @param <B> the concrete builder
 * @param <O> the optimizer it builds
 */
public abstract class RuleBuilder<B extends RuleBuilder<B, O>, O extends StatefulOptimizer>
        extends OptimizerBuilder<B> implements Options.Settable<B> {
    private final Function<B, O> factory;
    private OptimizerSpec spec;
    private PaperNetwork network = PaperNetwork.RESNET34;
    private int batchSize;
    private OptimizerSpec resolved;

    protected RuleBuilder(OptimizerKind kind, Function<B, O> factory) {
        this.spec = OptimizerSpec.of(kind);
        this.factory = factory;
    }

    /** Any hyper-parameter of the registry; one this kind lacks is refused, naming it. */
    @Override
    public B option(HyperParameter p, Object value) {
        spec = spec.with(p, value);
        return self();
    }

    public B optLearningRate(float v) {
        return option(HyperParameter.LR, v);
    }

    /** Coupled L2 for the six baselines, the decoupled lambda for AdamW and the AdaBayes trio. */
    public B optWeightDecay(float v) {
        return option(HyperParameter.WEIGHT_DECAY, v);
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
    B batch(int b) {
        batchSize = b;
        return self();
    }

    /** The optimizer, its defaults resolved and every value checked. */
    public O build() {
        if (spec.kind().isBayesian() && batchSize <= 0) {
            throw new IllegalArgumentException(spec.kind() + ": setBatchSize must be given a "
                    + "positive batch size, got " + batchSize);
        }
        resolved = spec.resolve(network, batchSize);
        return factory.apply(self());
    }

    OptimizerSpec resolved() {
        return resolved;
    }

    int batchSize() {
        return batchSize;
    }

    @SuppressWarnings("unchecked")
    @Override
    protected B self() {
        return (B) this;
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
     * The AdaBayes family's builder: their shared options (beta1, sigma^2, eta_SGD, NAWD) and the
     * batch size B that their rules need, since they filter the summed-loss gradient.
     */
    public abstract static class Bayesian<B extends Bayesian<B, O>, O extends StatefulOptimizer>
            extends RuleBuilder<B, O> implements Options.Beta1<B>, Options.Sigma2<B>,
            Options.EtaSgd<B>, Options.Nawd<B> {
        protected Bayesian(OptimizerKind kind, Function<B, O> factory) {
            super(kind, factory);
        }

        /** B, the number of images per minibatch (required). */
        public B setBatchSize(int b) {
            return batch(b);
        }
    }
}

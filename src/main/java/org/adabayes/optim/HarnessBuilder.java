package org.adabayes.optim;

import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;
import java.util.function.Function;

/**
 * The builder every optimizer of the harness shares, in DJL's shape: {@code setX} for what must be
 * given (the batch size of the AdaBayes family), {@code optX} for what has a default. Defaults and
 * ranges are the registry's, so a builder cannot disagree with a run config; a hyper-parameter the
 * optimizer does not have fails at {@link #build()} with the same message a config gets. DJL's own
 * builder options have no meaning in these update rules and throw rather than being ignored.
 *
 * @param <O> the optimizer class built
 */
public final class HarnessBuilder<O extends StatefulOptimizer>
        extends OptimizerBuilder<HarnessBuilder<O>> {
    private final Function<HarnessBuilder<O>, O> factory;
    private OptimizerSpec spec;
    private PaperNetwork network = PaperNetwork.RESNET34;
    private int batchSize;
    private OptimizerSpec resolved;

    public HarnessBuilder(OptimizerKind kind, Function<HarnessBuilder<O>, O> factory) {
        this.factory = factory;
        this.spec = OptimizerSpec.of(kind);
    }

    /** Sets any hyper-parameter of the registry; {@link #build()} rejects one this kind lacks. */
    public HarnessBuilder<O> opt(HyperParameter p, Object value) {
        spec = spec.with(p, value);
        return this;
    }

    public HarnessBuilder<O> optLearningRate(float v) {
        return opt(HyperParameter.LR, v);
    }

    public HarnessBuilder<O> optMomentum(float v) {
        return opt(HyperParameter.MOMENTUM, v);
    }

    public HarnessBuilder<O> optBeta1(float v) {
        return opt(HyperParameter.BETA1, v);
    }

    public HarnessBuilder<O> optBeta2(float v) {
        return opt(HyperParameter.BETA2, v);
    }

    public HarnessBuilder<O> optEpsilon(float v) {
        return opt(HyperParameter.EPS, v);
    }

    /** Coupled L2 for the six baselines, the decoupled lambda for AdamW and the AdaBayes pair. */
    public HarnessBuilder<O> optWeightDecay(float v) {
        return opt(HyperParameter.WEIGHT_DECAY, v);
    }

    public HarnessBuilder<O> optSigma2(float v) {
        return opt(HyperParameter.SIGMA2, v);
    }

    public HarnessBuilder<O> optEtaSgd(float v) {
        return opt(HyperParameter.ETA_SGD, v);
    }

    /** Every hyper-parameter of a spec of this builder's kind (resolved or not). */
    public HarnessBuilder<O> from(OptimizerSpec s) {
        if (s.kind() != spec.kind()) {
            throw new IllegalArgumentException("a " + spec.kind() + " builder cannot take a "
                    + s.kind() + " spec");
        }
        spec = s;
        return this;
    }

    /** Whose column of the paper's hyper-parameter table fills the defaults (ResNet-34). */
    public HarnessBuilder<O> optDefaultsOf(PaperNetwork n) {
        network = n;
        return this;
    }

    /** B: the AdaBayes family filter the summed-loss gradient, B times the mean-loss one. */
    public HarnessBuilder<O> setBatchSize(int b) {
        batchSize = b;
        return this;
    }

    @Override
    public HarnessBuilder<O> setRescaleGrad(float rescaleGrad) {
        throw unsupported("setRescaleGrad", "the rules read the gradient of the mean loss as it "
                + "is");
    }

    @Override
    public HarnessBuilder<O> optWeightDecays(float weightDecays) {
        throw unsupported("optWeightDecays", "use optWeightDecay, which is coupled or decoupled "
                + "as the rule is");
    }

    @Override
    public HarnessBuilder<O> optClipGrad(float clipGrad) {
        throw unsupported("optClipGrad", "no rule of the paper clips gradients");
    }

    @Override
    public HarnessBuilder<O> optBeginNumUpdate(int beginNumUpdate) {
        throw unsupported("optBeginNumUpdate", "step counts are per parameter and checkpointed");
    }

    private UnsupportedOperationException unsupported(String what, String why) {
        return new UnsupportedOperationException(what + " is not supported by " + spec.kind()
                + ": " + why);
    }

    @Override
    protected HarnessBuilder<O> self() {
        return this;
    }

    /** Resolves the defaults, checks every value, and builds. */
    public O build() {
        if (spec.kind().isBayesian() && batchSize <= 0) {
            throw new IllegalArgumentException(spec.kind() + ": setBatchSize must be given a "
                    + "positive batch size, got " + batchSize);
        }
        resolved = spec.resolve(network, batchSize);
        return factory.apply(this);
    }

    OptimizerSpec resolved() {
        return resolved;
    }

    int batchSize() {
        return batchSize;
    }
}

package org.adabayes.optim;

import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;

/**
 * What every optimizer's builder shares, in DJL's shape: each rule's nested {@code Builder}
 * extends this and adds its own options, so it offers only its rule's hyper-parameters; the
 * AdaBayes family's ({@link Bayesian}) add their shared ones and {@code setBatchSize}. An option
 * left unset takes the paper's value through the rule's options record, as a config's does, so a
 * builder cannot disagree with a run config. DJL's own builder options have no meaning in these
 * update rules and throw rather than being ignored.
 *
 * @param <B> the concrete builder
 */
public abstract class RuleBuilder<B extends RuleBuilder<B>> extends OptimizerBuilder<B> {
    protected Double lr;
    protected Double weightDecay;
    protected PaperNetwork network = PaperNetwork.RESNET34;

    public B optLearningRate(float v) {
        lr = (double) v;
        return self();
    }

    /** Coupled L2 for the six baselines, the decoupled lambda for AdamW and the AdaBayes trio. */
    public B optWeightDecay(float v) {
        weightDecay = (double) v;
        return self();
    }

    /** Whose column of the paper's hyper-parameter table fills the defaults (ResNet-34). */
    public B optDefaultsOf(PaperNetwork n) {
        network = n;
        return self();
    }

    /** The optimizer, its defaults resolved and every value checked. */
    public abstract StatefulOptimizer build();

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
        return new UnsupportedOperationException(what + " is not supported by "
                + getClass().getEnclosingClass().getSimpleName() + ": " + why);
    }

    /**
     * The AdaBayes family's builder: their shared options (beta1, sigma^2, eta_SGD, NAWD) and the
     * batch size B that their rules need, since they filter the summed-loss gradient.
     */
    public abstract static class Bayesian<B extends Bayesian<B>> extends RuleBuilder<B> {
        protected Double beta1;
        protected Double etaSgd;
        protected Double sigma2;
        protected Boolean nawd;
        protected int batchSize;

        /** B, the number of images per minibatch (required). */
        public B setBatchSize(int b) {
            batchSize = b;
            return self();
        }

        public B optBeta1(float v) {
            beta1 = (double) v;
            return self();
        }

        /** The SGD rate on the mean loss (0.1). */
        public B optEtaSgd(float v) {
            etaSgd = (double) v;
            return self();
        }

        /** The prior variance sigma^2 (eta_SGD / B by default). */
        public B optSigma2(float v) {
            sigma2 = (double) v;
            return self();
        }

        /** The decoupled decay after the step (the 2018 paper's NAWD; the family's default). */
        public B optNawd(boolean v) {
            nawd = v;
            return self();
        }

        /** The batch size, checked: the family's rules cannot run without it. */
        protected int batch(OptimizerKind kind) {
            if (batchSize <= 0) {
                throw new IllegalArgumentException(kind + ": setBatchSize must be given a "
                        + "positive batch size, got " + batchSize);
            }
            return batchSize;
        }
    }
}

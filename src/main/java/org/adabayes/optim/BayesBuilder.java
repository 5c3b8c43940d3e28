package org.adabayes.optim;

import ai.djl.training.optimizer.Optimizer.OptimizerBuilder;

/**
 * Settings shared by AdaBayes and AdaBayes-FP (protocol.md): eta = 1e-3 (the Adam rate), eta_SGD =
 * 0.1, sigma^2 = eta_SGD / B unless given, beta1 = 0.9, decoupled lambda = 5e-5, and the minibatch
 * size B, which scales the mean-loss gradient to the summed one the paper's filter observes.
 */
@SuppressWarnings("unchecked")
public abstract class BayesBuilder<T extends BayesBuilder<T>> extends OptimizerBuilder<T> {
    float eta = 1e-3f;
    float etaSgd = 0.1f;
    float sigma2 = Float.NaN;
    float beta1 = 0.9f;
    float weightDecay = 5e-5f;
    int batchSize;

    /** eta, the Adam learning rate (the config's {@code lr}). */
    public T optLearningRate(float v) {
        eta = v;
        return (T) this;
    }

    public T optEtaSgd(float v) {
        etaSgd = v;
        return (T) this;
    }

    public T optSigma2(float v) {
        sigma2 = v;
        return (T) this;
    }

    public T optBeta1(float v) {
        beta1 = v;
        return (T) this;
    }

    /** The decoupled per-step decay lambda. */
    public T optWeightDecay(float v) {
        weightDecay = v;
        return (T) this;
    }

    /** B: gradients are of the mean loss, the filter wants the summed one (g = B grad). */
    public T setBatchSize(int v) {
        batchSize = v;
        return (T) this;
    }

    @Override
    protected T self() {
        return (T) this;
    }

    void check() {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be set and positive, got "
                    + batchSize);
        }
        if (Float.isNaN(sigma2)) {
            sigma2 = etaSgd / batchSize;
        }
        Checks.positive("lr (eta)", eta);
        Checks.positive("etaSgd", etaSgd);
        Checks.positive("sigma2", sigma2);
        Checks.unit("beta1", beta1);
        Checks.unit("weightDecay", weightDecay);
    }
}

package org.adabayes.optim;

import org.adabayes.config.OptimizerSpec;

/** The factory from a resolved {@link OptimizerSpec} (every hyper-parameter filled in). */
public final class Optimizers {
    private Optimizers() {}

    public static StatefulOptimizer create(OptimizerSpec o, int batchSize) {
        return switch (o.name()) {
            case "sgd" -> Sgd.builder().optLearningRate(f(o.lr())).optMomentum(f(o.momentum()))
                    .optWeightDecay(f(o.weightDecay())).build();
            case "adam", "amsgrad" -> Adam.builder().optLearningRate(f(o.lr()))
                    .optBeta1(f(o.beta1())).optBeta2(f(o.beta2())).optEpsilon(f(o.eps()))
                    .optWeightDecay(f(o.weightDecay())).optAmsgrad(o.name().equals("amsgrad"))
                    .build();
            case "adamw" -> AdamW.builder().optLearningRate(f(o.lr())).optBeta1(f(o.beta1()))
                    .optBeta2(f(o.beta2())).optEpsilon(f(o.eps()))
                    .optWeightDecay(f(o.weightDecay())).build();
            case "adagrad" -> AdaGrad.builder().optLearningRate(f(o.lr())).optEpsilon(f(o.eps()))
                    .optWeightDecay(f(o.weightDecay())).build();
            case "adabound", "amsbound" -> AdaBound.builder().optLearningRate(f(o.lr()))
                    .optBeta1(f(o.beta1())).optBeta2(f(o.beta2())).optEpsilon(f(o.eps()))
                    .optWeightDecay(f(o.weightDecay())).optFinalLr(f(o.finalLr()))
                    .optGamma(f(o.gamma())).optAmsbound(o.name().equals("amsbound")).build();
            case "adabayes" -> AdaBayes.builder().optLearningRate(f(o.lr()))
                    .optEtaSgd(f(o.etaSgd())).optSigma2(f(o.sigma2())).optBeta1(f(o.beta1()))
                    .optWeightDecay(f(o.weightDecay())).optExactPrior(o.exactPrior())
                    .setBatchSize(batchSize).build();
            case "adabayes-fp" -> AdaBayesFp.builder().optLearningRate(f(o.lr()))
                    .optEtaSgd(f(o.etaSgd())).optSigma2(f(o.sigma2())).optBeta1(f(o.beta1()))
                    .optBeta2(f(o.beta2())).optEpsilon(f(o.eps()))
                    .optWeightDecay(f(o.weightDecay())).setBatchSize(batchSize).build();
            default -> throw new IllegalArgumentException("unknown optimizer " + o.name());
        };
    }

    private static float f(Double v) {
        return v.floatValue();
    }
}

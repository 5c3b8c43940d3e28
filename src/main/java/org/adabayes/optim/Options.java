package org.adabayes.optim;

/**
 * Each hyper-parameter's builder method, written once: a rule's builder implements the options it
 * has, so its methods are exactly its options ({@code Sgd.builder().optEtaSgd(..)} does not
 * compile) without each builder writing its setters again. A builder shared by kinds (Adam's by
 * AMSGrad and AdamW) refuses, when it is set, an option its kind lacks, with the message a config
 * gets.
 */
public final class Options {
    private Options() {}

    /** What every option sets through: a hyper-parameter of the registry. */
    public interface Settable<B> {
        B option(HyperParameter p, Object value);
    }

    /** SGD's heavy-ball momentum mu. */
    public interface Momentum<B> extends Settable<B> {
        default B optMomentum(float v) {
            return option(HyperParameter.MOMENTUM, v);
        }
    }

    /** The first-moment decay. */
    public interface Beta1<B> extends Settable<B> {
        default B optBeta1(float v) {
            return option(HyperParameter.BETA1, v);
        }
    }

    /** The second-moment decay. */
    public interface Beta2<B> extends Settable<B> {
        default B optBeta2(float v) {
            return option(HyperParameter.BETA2, v);
        }
    }

    /** eps, where the rule adds it. */
    public interface Epsilon<B> extends Settable<B> {
        default B optEpsilon(float v) {
            return option(HyperParameter.EPS, v);
        }
    }

    /** AdaBound's final (SGD) rate. */
    public interface FinalLr<B> extends Settable<B> {
        default B optFinalLr(float v) {
            return option(HyperParameter.FINAL_LR, v);
        }
    }

    /** AdaBound's bound convergence speed. */
    public interface Gamma<B> extends Settable<B> {
        default B optGamma(float v) {
            return option(HyperParameter.GAMMA, v);
        }
    }

    /** The AdaBayes family's SGD rate on the mean loss. */
    public interface EtaSgd<B> extends Settable<B> {
        default B optEtaSgd(float v) {
            return option(HyperParameter.ETA_SGD, v);
        }
    }

    /** The prior variance sigma^2 (eta_SGD / B by default). */
    public interface Sigma2<B> extends Settable<B> {
        default B optSigma2(float v) {
            return option(HyperParameter.SIGMA2, v);
        }
    }

    /** AdaBayes' exact Ornstein-Uhlenbeck prior (true) or eq. (17b). */
    public interface ExactPrior<B> extends Settable<B> {
        default B optExactPrior(boolean v) {
            return option(HyperParameter.EXACT_PRIOR, v);
        }
    }

    /** The decoupled decay after the step (the 2018 paper's NAWD). */
    public interface Nawd<B> extends Settable<B> {
        default B optNawd(boolean v) {
            return option(HyperParameter.NAWD, v);
        }
    }

    /** The second moment of the gradient centred on its mean. */
    public interface Centred<B> extends Settable<B> {
        default B optCentred(boolean v) {
            return option(HyperParameter.CENTRED, v);
        }
    }

    /** Steps between AdaBayes-KF's eigendecompositions. */
    public interface RefreshEvery<B> extends Settable<B> {
        default B optRefreshEvery(int v) {
            return option(HyperParameter.REFRESH_EVERY, v);
        }
    }
}

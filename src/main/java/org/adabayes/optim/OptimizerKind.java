package org.adabayes.optim;

import static org.adabayes.optim.Default.paper;
import static org.adabayes.optim.Default.set;
import static org.adabayes.optim.HyperParameter.BETA1;
import static org.adabayes.optim.HyperParameter.CENTRED;
import static org.adabayes.optim.HyperParameter.BETA2;
import static org.adabayes.optim.HyperParameter.EPS;
import static org.adabayes.optim.HyperParameter.ETA_SGD;
import static org.adabayes.optim.HyperParameter.EXACT_PRIOR;
import static org.adabayes.optim.HyperParameter.FINAL_LR;
import static org.adabayes.optim.HyperParameter.GAMMA;
import static org.adabayes.optim.HyperParameter.LR;
import static org.adabayes.optim.HyperParameter.MOMENTUM;
import static org.adabayes.optim.HyperParameter.NAWD;
import static org.adabayes.optim.HyperParameter.REFRESH_EVERY;
import static org.adabayes.optim.HyperParameter.SIGMA2;
import static org.adabayes.optim.HyperParameter.WEIGHT_DECAY;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.adabayes.io.FieldException;

/**
 * The registry: everything that varies by optimizer, in one place. Each entry names the optimizer
 * (config name and the paper's display name), its role in Table 1, the DJL optimizer class, its
 * double-precision twin, and the hyper-parameters it accepts with the paper's defaults (the
 * protocol's table, {@code docs/hyperparameters.md}). The order is Table 1's row order. A new
 * optimizer is one entry here and one file holding its rule, builder and twin
 * ({@code docs/architecture.md}); every test iterates this enum.
 */
public enum OptimizerKind {
    SGD("sgd", "SGD", Role.NON_ADAPTIVE, Sgd::builder, Sgd::twin,
            set(LR, 0.1), set(MOMENTUM, 0.9), set(WEIGHT_DECAY, 5e-4)),
    ADAM("adam", "Adam", Role.ADAPTIVE, Adam::builder, Adam::twin, Shared.ADAM,
            paper(CENTRED, false)),
    ADAGRAD("adagrad", "AdaGrad", Role.ADAPTIVE, AdaGrad::builder, AdaGrad::twin,
            set(LR, 0.01), set(EPS, 1e-10), set(WEIGHT_DECAY, 5e-4)),
    AMSGRAD("amsgrad", "AMSGrad", Role.ADAPTIVE, Adam::amsgrad, Adam::twin, Shared.ADAM),
    ADABOUND("adabound", "AdaBound", Role.ADAPTIVE, AdaBound::builder, AdaBound::twin,
            Shared.ADABOUND),
    AMSBOUND("amsbound", "AMSBound", Role.ADAPTIVE, AdaBound::amsbound, AdaBound::twin,
            Shared.ADABOUND),
    ADAMW("adamw", "AdamW", Role.ADAPTIVE, Adam::adamw, Adam::twin,
            set(LR, 1e-3), set(BETA1, 0.9), set(BETA2, 0.999), set(EPS, 1e-8),
            set(WEIGHT_DECAY, 5e-5), paper(NAWD, false), paper(CENTRED, false)),
    ADABAYES_FP("adabayes-fp", "AdaBayes-FP", Role.BAYESIAN, AdaBayesFp::builder,
            AdaBayesFp::twin, set(LR, 1e-3), set(BETA1, 0.9), set(BETA2, 0.999),
            set(EPS, 1e-8), set(WEIGHT_DECAY, 5e-5), set(ETA_SGD, 0.1), Shared.SIGMA2,
            Shared.NAWD, paper(CENTRED, false)),
    ADABAYES("adabayes", "AdaBayes", Role.BAYESIAN, AdaBayes::builder, AdaBayes::twin,
            (TwinKey) AdaBayes::twinKey, set(LR, 1e-3), set(BETA1, 0.9),
            set(WEIGHT_DECAY, 5e-5), set(ETA_SGD, 0.1), Shared.SIGMA2, set(EXACT_PRIOR, true),
            Shared.NAWD, paper(CENTRED, false)),
    /**
     * Not in the paper: the Kronecker-factored AdaBayes-FP of the 2018 paper's section 2.1.3
     * ({@code docs/kronecker.md}). Its twin is AdaBayes-FP's, which is what it runs on every
     * parameter without layer statistics; {@link AdaBayesKf.Twin} is the twin of a layer's step.
     */
    ADABAYES_KF("adabayes-kf", "AdaBayes-KF", Role.BAYESIAN, AdaBayesKf::builder,
            AdaBayesFp::twin, set(LR, 1e-3), set(BETA1, 0.9), set(BETA2, 0.999),
            set(EPS, 1e-8), set(WEIGHT_DECAY, 5e-5), set(ETA_SGD, 0.1), Shared.SIGMA2,
            Shared.NAWD, set(REFRESH_EVERY, 20));

    /** What an optimizer is in the paper's comparison. */
    public enum Role {
        /** SGD: bold in Table 1 only where it beats every adaptive method. */
        NON_ADAPTIVE,
        ADAPTIVE,
        /**
         * The AdaBayes family: adaptive, the reference of the paired differences, filters the
         * summed-loss gradient (so needs the batch size) and can trace its learning rates.
         */
        BAYESIAN
    }

    /** The double-precision twin's factory. */
    @FunctionalInterface
    public interface TwinFactory {
        ScalarRule create(OptimizerSpec resolved, int batchSize, int elements);
    }

    /** Default lists that two entries share. */
    private static final class Shared {
        static final Default[] ADAM = {set(LR, 1e-3),
            new Default(BETA1, (net, b, s) -> net == PaperNetwork.RESNET34 ? 0.99 : 0.9, false),
            set(BETA2, 0.999), set(EPS, 1e-8), set(WEIGHT_DECAY, 5e-4)};
        static final Default[] ADABOUND = {set(LR, 1e-3), set(BETA1, 0.9), set(BETA2, 0.999),
            set(EPS, 1e-8), set(WEIGHT_DECAY, 5e-4), set(FINAL_LR, 0.1), set(GAMMA, 1e-3)};
        /**
         * The AdaBayes pair already evaluate the gradient at the decayed weights (the decay
         * follows the step in the author's code), which is section 2.2.4's NAWD.
         */
        static final Default NAWD = paper(HyperParameter.NAWD, true);
        /** sigma^2 = eta_SGD / B: SGD's rate on the mean loss, in summed-gradient units. */
        static final Default SIGMA2 = new Default(HyperParameter.SIGMA2,
                (net, b, s) -> s.number(ETA_SGD) / b, true);
    }

    private final String id;
    private final String displayName;
    private final Role role;
    private final Supplier<? extends RuleBuilder<?, ?>> builder;
    private final TwinFactory twin;
    private final TwinKey twinKey;
    private final List<Default> defaults;

    OptimizerKind(String id, String displayName, Role role,
            Supplier<? extends RuleBuilder<?, ?>> builder, TwinFactory twin,
            Object... defaults) {
        this.id = id;
        this.displayName = displayName;
        this.role = role;
        this.builder = builder;
        this.twin = twin;
        this.twinKey = Arrays.stream(defaults).filter(TwinKey.class::isInstance)
                .map(TwinKey.class::cast).findFirst().orElse(null);
        this.defaults = Arrays.stream(defaults).filter(d -> !(d instanceof TwinKey))
                .flatMap(d -> d instanceof Default[] a ? Arrays.stream(a)
                        : java.util.stream.Stream.of((Default) d)).toList();
    }

    /** A flag's value when a config leaves it out: the paper's (or its author's code's). */
    public boolean paperFlag(HyperParameter flag) {
        for (Default d : defaults) {
            if (d.parameter() == flag) {
                return (Boolean) d.value().of(PaperNetwork.RESNET34, 0, null);
            }
        }
        return false;
    }

    /** The config name, e.g. {@code adabayes-fp}; what a config and manifest hold. */
    @JsonValue
    public String id() {
        return id;
    }

    /** The paper's name, e.g. {@code AdaBayes-FP}. */
    public String displayName() {
        return displayName;
    }

    public Role role() {
        return role;
    }

    public boolean isAdaptive() {
        return role != Role.NON_ADAPTIVE;
    }

    public boolean isBayesian() {
        return role == Role.BAYESIAN;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The entry for a config name (any case); the error lists the names there are. */
    public static OptimizerKind byName(String name) {
        String id = name.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        for (OptimizerKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new FieldException("name", "unknown optimizer '" + name + "' (expected one of "
                + names() + ")");
    }

    /**
     * A config's {@code name}, parsed once where the config is read (any case, {@code _} for
     * {@code -}); the error lists the names there are.
     */
    @JsonCreator
    static OptimizerKind fromConfig(String name) {
        try {
            return byName(name);
        } catch (FieldException e) {
            // not chained: Jackson reports the root cause, and the path already ends in "name"
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** Every config name, in Table 1's order. */
    public static String names() {
        return Arrays.stream(values()).map(OptimizerKind::id).collect(Collectors.joining(", "));
    }

    public boolean accepts(HyperParameter p) {
        return defaults.stream().anyMatch(d -> d.parameter() == p);
    }

    /** The accepted fields, sorted, for error messages. */
    public String fieldList() {
        return defaults.stream().map(d -> d.parameter().field()).sorted()
                .collect(Collectors.joining(", "));
    }

    /** Fills in every default the spec leaves out, in the order the defaults are listed. */
    OptimizerSpec resolve(OptimizerSpec spec, PaperNetwork network, int batchSize) {
        OptimizerSpec out = spec;
        for (Default d : defaults) {
            if (out.value(d.parameter()) != null || d.implicit()) {
                continue;
            }
            if (d.needsBatch() && batchSize <= 0) {
                throw new IllegalArgumentException(id + ": the batch size must be set (the "
                        + "default " + d.parameter().field() + " depends on it), got "
                        + batchSize);
            }
            out = out.with(d.parameter(), d.value().of(network, batchSize, out));
        }
        return out;
    }

    /** The rule's own builder (DJL's shape), its defaults this entry's (ResNet-34 column). */
    public RuleBuilder<?, ?> builder() {
        return builder.get();
    }

    /** The DJL optimizer of a resolved spec. */
    public StatefulOptimizer create(OptimizerSpec resolved, int batchSize) {
        return builder().from(resolved).batch(batchSize).build();
    }

    /**
     * What the twin of a resolved spec computes with at factor f: equal keys, twins that step bit
     * for bit alike (the entry's {@link TwinKey}, else the spec). A search skips a rerun by it.
     */
    public Object twinKey(OptimizerSpec resolved, int batchSize, double f) {
        return twinKey != null ? twinKey.of(resolved, batchSize, f)
                : java.util.List.of(this, resolved, batchSize, f);
    }

    /** The double-precision twin of a resolved spec, for {@code elements} weights. */
    public ScalarRule twin(OptimizerSpec resolved, int batchSize, int elements) {
        return twin.create(resolved, batchSize, elements);
    }
}

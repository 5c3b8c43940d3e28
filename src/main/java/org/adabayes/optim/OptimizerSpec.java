package org.adabayes.optim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.adabayes.io.FieldException;

/**
 * An optimizer of the registry and its hyper-parameters, as a run config states them. Fields left
 * out take the registry's paper defaults for the network being trained ({@link #resolve}); a field
 * the chosen optimizer does not have is an error rather than silently ignored, because a sweep that
 * sets {@code momentum} on Adam is a typo.
 *
 * <p>{@code lr} is each method's base learning rate; for the AdaBayes pair it is eta (the Adam
 * rate), with {@code etaSgd} the SGD rate and {@code sigma2 = etaSgd / batchSize} by default. For
 * AdamW and the AdaBayes pair {@code weightDecay} is the decoupled per-step lambda; for the other
 * six it is the coupled L2 coefficient. The optimizer's {@code name} is parsed once, into its
 * registry entry, where the config is read; the components after it follow the order of
 * {@link HyperParameter}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder("name")
public record OptimizerSpec(@JsonProperty("name") OptimizerKind kind, Double lr,
        Double momentum, Double beta1, Double beta2, Double eps, Double weightDecay, Double finalLr,
        Double gamma, Double etaSgd, Double sigma2, Boolean exactPrior, Boolean nawd,
        Boolean centred, Integer refreshEvery) {

    public OptimizerSpec {
        kind = kind == null ? OptimizerKind.ADABAYES : kind;
        Object[] values = {lr, momentum, beta1, beta2, eps, weightDecay, finalLr, gamma, etaSgd,
            sigma2, exactPrior, nawd, centred, refreshEvery};
        for (HyperParameter p : HyperParameter.values()) {
            Object v = values[p.ordinal()];
            if (v == null) {
                continue;
            }
            if (!kind.accepts(p)) {
                throw new FieldException(p.field(), "is not a hyper-parameter of " + kind
                        + " (it has " + kind.fieldList() + ")");
            }
            String problem = p.problem(v);
            if (problem != null) {
                throw new FieldException(p.field(), problem);
            }
        }
    }

    /** A spec naming only the optimizer: every hyper-parameter takes its default. */
    public static OptimizerSpec of(OptimizerKind kind) {
        return fromValues(kind, new Object[HyperParameter.values().length]);
    }

    /** The paper's display name (Table 1 row label). */
    public String displayName() {
        return kind().displayName();
    }

    /** The value of a hyper-parameter, null when not set. */
    public Object value(HyperParameter p) {
        // read on every step of every rule: a switch, not a fresh array of all fourteen
        return switch (p) {
            case LR -> lr;
            case MOMENTUM -> momentum;
            case BETA1 -> beta1;
            case BETA2 -> beta2;
            case EPS -> eps;
            case WEIGHT_DECAY -> weightDecay;
            case FINAL_LR -> finalLr;
            case GAMMA -> gamma;
            case ETA_SGD -> etaSgd;
            case SIGMA2 -> sigma2;
            case EXACT_PRIOR -> exactPrior;
            case NAWD -> nawd;
            case CENTRED -> centred;
            case REFRESH_EVERY -> refreshEvery;
        };
    }

    /**
     * A flag's value: as set, else the registry's paper behaviour for this optimizer (flags whose
     * default is the paper's are not written into a resolved spec, so adding one changes no
     * existing run's identity).
     */
    public boolean flag(HyperParameter p) {
        Object v = value(p);
        return v != null ? (Boolean) v : kind().paperFlag(p);
    }

    /**
     * A variant flag of the 2018 paper as the rule runs it: false where this optimizer has no such
     * flag, else {@link #flag}.
     */
    public boolean variant(HyperParameter p) {
        return kind().accepts(p) && flag(p);
    }

    /** The value as a number; the spec must be resolved. */
    public double number(HyperParameter p) {
        return ((Number) value(p)).doubleValue();
    }

    /** A copy with one hyper-parameter set (validated like every spec). */
    public OptimizerSpec with(HyperParameter p, Object v) {
        Object[] a = values();
        a[p.ordinal()] = p.normalise(v);
        return fromValues(kind, a);
    }

    /**
     * Every hyper-parameter of this optimizer filled in, with the paper's values for the given
     * network and batch size where the config left one out.
     */
    public OptimizerSpec resolve(PaperNetwork network, int batchSize) {
        return kind().resolve(this, network, batchSize);
    }

    private Object[] values() {
        return new Object[] {lr, momentum, beta1, beta2, eps, weightDecay, finalLr, gamma, etaSgd,
            sigma2, exactPrior, nawd, centred, refreshEvery};
    }

    private static OptimizerSpec fromValues(OptimizerKind kind, Object[] a) {
        return new OptimizerSpec(kind, (Double) a[0], (Double) a[1], (Double) a[2],
                (Double) a[3], (Double) a[4], (Double) a[5], (Double) a[6], (Double) a[7],
                (Double) a[8], (Double) a[9], (Boolean) a[10], (Boolean) a[11],
                (Boolean) a[12], (Integer) a[13]);
    }
}

package org.adabayes.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * An optimizer of Table 1 and its hyper-parameters. Fields left out take the paper's value for the
 * model being trained (see {@link #resolve}); a field that the chosen optimizer does not have is an
 * error rather than silently ignored, because a sweep that sets {@code momentum} on Adam is a typo.
 *
 * <p>{@code lr} is each method's base learning rate; for the AdaBayes pair it is eta (the Adam
 * rate), with {@code etaSgd} the SGD rate and {@code sigma2 = etaSgd / batchSize} by default. For
 * AdamW and the AdaBayes pair {@code weightDecay} is the decoupled per-step lambda; for the other
 * six it is the coupled L2 coefficient.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OptimizerSpec(String name, Double lr, Double momentum, Double beta1, Double beta2,
        Double eps, Double weightDecay, Double finalLr, Double gamma, Double etaSgd, Double sigma2,
        Boolean exactPrior) {

    /** The names of Table 1, in the paper's row order. */
    public static final List<String> NAMES = List.of("sgd", "adam", "adagrad", "amsgrad",
            "adabound", "amsbound", "adamw", "adabayes-fp", "adabayes");

    private static final Map<String, Set<String>> FIELDS = Map.of(
            "sgd", Set.of("lr", "momentum", "weightDecay"),
            "adam", Set.of("lr", "beta1", "beta2", "eps", "weightDecay"),
            "adagrad", Set.of("lr", "eps", "weightDecay"),
            "amsgrad", Set.of("lr", "beta1", "beta2", "eps", "weightDecay"),
            "adabound", Set.of("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr", "gamma"),
            "amsbound", Set.of("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr", "gamma"),
            "adamw", Set.of("lr", "beta1", "beta2", "eps", "weightDecay"),
            "adabayes", Set.of("lr", "beta1", "weightDecay", "etaSgd", "sigma2", "exactPrior"),
            "adabayes-fp", Set.of("lr", "beta1", "beta2", "eps", "weightDecay", "etaSgd",
                    "sigma2"));

    public OptimizerSpec {
        name = name == null ? "adabayes" : name.toLowerCase(Locale.ROOT).replace('_', '-');
        final String n = name;
        FieldException.require(NAMES.contains(n), "name", "unknown optimizer '" + n
                + "' (expected one of " + String.join(", ", NAMES) + ")");
        Map<String, Object> given = values(lr, momentum, beta1, beta2, eps, weightDecay, finalLr,
                gamma, etaSgd, sigma2, exactPrior);
        for (Map.Entry<String, Object> e : given.entrySet()) {
            FieldException.require(e.getValue() == null || FIELDS.get(n).contains(e.getKey()),
                    e.getKey(), "is not a hyper-parameter of " + n + " (it has "
                            + String.join(", ", FIELDS.get(n).stream().sorted().toList()) + ")");
        }
        FieldException.positive(lr, "lr");
        FieldException.positive(finalLr, "finalLr");
        FieldException.positive(gamma, "gamma");
        FieldException.positive(etaSgd, "etaSgd");
        FieldException.positive(sigma2, "sigma2");
        unit(momentum, "momentum");
        unit(beta1, "beta1");
        unit(beta2, "beta2");
        FieldException.require(eps == null || (eps >= 0 && Double.isFinite(eps)), "eps",
                "must be >= 0, got " + eps);
        FieldException.require(weightDecay == null || (weightDecay >= 0 && weightDecay < 1),
                "weightDecay", "must be in [0, 1), got " + weightDecay);
    }

    private static void unit(Double v, String field) {
        FieldException.require(v == null || (v >= 0 && v < 1), field,
                "must be in [0, 1), got " + v);
    }

    private static Map<String, Object> values(Object... v) {
        String[] keys = {"lr", "momentum", "beta1", "beta2", "eps", "weightDecay", "finalLr",
            "gamma", "etaSgd", "sigma2", "exactPrior"};
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keys.length; i++) {
            m.put(keys[i], v[i]);
        }
        return m;
    }

    /** True for AdamW and the AdaBayes pair, whose weightDecay is decoupled. */
    public boolean decoupledDecay() {
        return name.equals("adamw") || name.startsWith("adabayes");
    }

    /** The paper's display name (Table 1 row label). */
    public String displayName() {
        return displayName(name);
    }

    public static String displayName(String name) {
        return switch (name) {
            case "sgd" -> "SGD";
            case "adam" -> "Adam";
            case "adagrad" -> "AdaGrad";
            case "amsgrad" -> "AMSGrad";
            case "adabound" -> "AdaBound";
            case "amsbound" -> "AMSBound";
            case "adamw" -> "AdamW";
            case "adabayes-fp" -> "AdaBayes-FP";
            case "adabayes" -> "AdaBayes";
            default -> name;
        };
    }

    /**
     * Every hyper-parameter of this optimizer filled in, with the paper's protocol values for the
     * given (paper) model and batch size where the config left one out.
     */
    public OptimizerSpec resolve(String paperModel, int batchSize) {
        boolean resnet = paperModel.equals("resnet34");
        Double b1Adam = resnet ? 0.99 : 0.9;
        return switch (name) {
            case "sgd" -> new OptimizerSpec(name, or(lr, 0.1), or(momentum, 0.9), null, null,
                    null, or(weightDecay, 5e-4), null, null, null, null, null);
            case "adagrad" -> new OptimizerSpec(name, or(lr, 0.01), null, null, null,
                    or(eps, 1e-10), or(weightDecay, 5e-4), null, null, null, null, null);
            case "adam", "amsgrad" -> new OptimizerSpec(name, or(lr, 1e-3), null, or(beta1, b1Adam),
                    or(beta2, 0.999), or(eps, 1e-8), or(weightDecay, 5e-4), null, null, null, null,
                    null);
            case "adabound", "amsbound" -> new OptimizerSpec(name, or(lr, 1e-3), null,
                    or(beta1, 0.9), or(beta2, 0.999), or(eps, 1e-8), or(weightDecay, 5e-4),
                    or(finalLr, 0.1), or(gamma, 1e-3), null, null, null);
            case "adamw" -> new OptimizerSpec(name, or(lr, 1e-3), null, or(beta1, 0.9),
                    or(beta2, 0.999), or(eps, 1e-8), or(weightDecay, 5e-5), null, null, null, null,
                    null);
            case "adabayes" -> {
                double sgd = or(etaSgd, 0.1);
                yield new OptimizerSpec(name, or(lr, 1e-3), null, or(beta1, 0.9), null, null,
                        or(weightDecay, 5e-5), null, null, sgd, or(sigma2, sgd / batchSize),
                        exactPrior == null ? Boolean.FALSE : exactPrior);
            }
            case "adabayes-fp" -> {
                double sgd = or(etaSgd, 0.1);
                yield new OptimizerSpec(name, or(lr, 1e-3), null, or(beta1, 0.9), or(beta2, 0.999),
                        or(eps, 1e-8), or(weightDecay, 5e-5), null, null, sgd,
                        or(sigma2, sgd / batchSize), null);
            }
            default -> throw new IllegalStateException(name);
        };
    }

    private static Double or(Double v, double dflt) {
        return v == null ? Double.valueOf(dflt) : v;
    }
}

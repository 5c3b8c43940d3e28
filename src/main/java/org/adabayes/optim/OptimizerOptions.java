package org.adabayes.optim;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonTypeIdResolver;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.adabayes.io.FieldException;

/**
 * An optimizer and its hyper-parameters, as a run config states them: one record per rule (e.g.
 * {@link AdaBayes.Options}), chosen by the config's {@code name} through the registry
 * ({@link OptimizerKind}), so a field the rule does not have is refused by the mapper and the error
 * lists that rule's fields. Fields left out are null until {@link #resolve} fills in the paper's
 * values for the network and batch size; a variant flag whose default is the paper's behaviour
 * stays out of a resolved record, so adding one changed no earlier run's identity.
 *
 * <p>{@code lr} is each method's base learning rate; for the AdaBayes family it is eta (the Adam
 * rate), with {@code etaSgd} the SGD rate and {@code sigma2 = etaSgd / batchSize} by default. For
 * AdamW and the AdaBayes family {@code weightDecay} is the decoupled per-step lambda; for the other
 * six it is the coupled L2 coefficient.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CUSTOM, include = JsonTypeInfo.As.PROPERTY, property = "name",
        defaultImpl = AdaBayes.Options.class)
@JsonTypeIdResolver(OptimizerKind.Names.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface OptimizerOptions permits Sgd.Options, Adam.Options, Adam.AmsGradOptions,
        Adam.AdamWOptions, AdaGrad.Options, AdaBound.Options, AdaBound.AmsBoundOptions,
        OptimizerOptions.Bayesian {

    /**
     * The AdaBayes family's options: what they share beyond every rule's, the SGD rate and the
     * prior variance that bound their learning rates (what the LR trace's plot draws).
     */
    sealed interface Bayesian extends OptimizerOptions permits AdaBayesFp.Options,
            AdaBayes.Options, AdaBayesKf.Options {
        Double beta1();

        /** eta_SGD, the SGD rate on the mean loss. */
        Double etaSgd();

        /** sigma^2, the prior variance: the learning rate's SGD limit. */
        Double sigma2();

        /**
         * The learning rate the family's variance recursion settles at for a mean squared
         * gradient g2: AdaBayes-FP's eq. (21), between the SGD limit sigma2 and Adam's eta /
         * sqrt(g2).
         */
        static double fixedPoint(double g2, double eta, double sigma2) {
            return AdaBayesFp.fixedPoint(g2, eta, sigma2);
        }
    }

    /** The registry entry this record is the options of. */
    OptimizerKind kind();

    /** The base learning rate, every rule's. */
    Double lr();

    /** Coupled L2 for the six baselines, the decoupled lambda for AdamW and the AdaBayes family. */
    Double weightDecay();

    /** Every field filled in: as set, else the paper's value for this network and batch size. */
    OptimizerOptions resolve(PaperNetwork network, int batchSize);

    /** The rule of resolved options, for minibatches of {@code batchSize}. */
    StatefulOptimizer create(int batchSize);

    /** The double-precision twin of resolved options, for {@code elements} weights. */
    ScalarRule twin(int batchSize, int elements);

    /**
     * What the twin computes with at schedule factor f: equal keys, twins that step bit for bit
     * alike, so a search (the NQM's) need not simulate the second. The options themselves unless
     * a rule knows better.
     */
    default Object twinKey(int batchSize, double f) {
        return List.of(kind(), this, batchSize, f);
    }

    /**
     * The variant flags of the 2018 paper set away from the rule's paper behaviour, e.g.
     * {@code +NAWD+centred}; empty for the paper's rule.
     */
    default String variant() {
        return "";
    }

    /** The paper's display name (Table 1 row label). */
    default String displayName() {
        return kind().displayName();
    }

    /**
     * A copy with one field set by its config name, checked as a config's would be (an NQM
     * setting, a test's variant); a field this rule lacks is refused.
     */
    default OptimizerOptions with(String field, Object value) {
        ObjectNode tree = Copies.MAPPER.valueToTree(this);
        tree.set(field, Copies.MAPPER.valueToTree(value));
        try {
            return Copies.MAPPER.treeToValue(tree, OptimizerOptions.class);
        } catch (JsonProcessingException e) {
            if (e.getCause() instanceof FieldException f) {
                throw f;
            }
            throw new IllegalArgumentException(kind() + ": cannot set " + field + " to " + value
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The mapper {@link #with} copies through (the annotations here say everything it needs). */
    final class Copies {
        static final ObjectMapper MAPPER = new ObjectMapper()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);

        private Copies() {}
    }
}

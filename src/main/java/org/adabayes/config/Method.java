package org.adabayes.config;

import java.util.Locale;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;

/**
 * A row of a results table: an optimizer with the variant flags a run set away from the paper's
 * behaviour ({@code nawd}, {@code centred}). AdamW with {@code nawd: true} is its own method
 * ("AdamW+NAWD"), compared with AdamW rather than averaged into it; a flag set to its paper value
 * is no variant at all. Ordered as the registry, then by variant.
 *
 * <p>This is the vocabulary {@code report} and {@code rundir} speak: names, order and roles as
 * plain values, taken from the registry once here, so neither needs the optimizers themselves.
 *
 * @param optimizer the registry's config name, e.g. {@code adamw}
 * @param optimizerName the paper's name, e.g. {@code AdamW}
 * @param order the registry's (Table 1's) row order
 * @param adaptive every method but SGD
 * @param bayesian the AdaBayes family
 * @param variant the flags that differ from the paper, e.g. {@code +NAWD+centred}; empty for the
 *     paper's rule
 */
public record Method(String optimizer, String optimizerName, int order, boolean adaptive,
        boolean bayesian, String variant) implements Comparable<Method> {
    /** The paper's rule of an optimizer. */
    public static Method of(OptimizerKind kind) {
        return new Method(kind.id(), kind.displayName(), kind.ordinal(), kind.isAdaptive(),
                kind.isBayesian(), "");
    }

    /** The paper's rule of the optimizer with this config name. */
    public static Method paperRule(String optimizer) {
        return of(OptimizerKind.byName(optimizer));
    }

    /** The method a run config states. */
    public static Method of(OptimizerOptions spec) {
        Method paper = of(spec.kind());
        return new Method(paper.optimizer, paper.optimizerName, paper.order, paper.adaptive,
                paper.bayesian, spec.variant());
    }

    /** The paper's rule of this method's optimizer (itself when it has no variant). */
    public Method paperRule() {
        return new Method(optimizer, optimizerName, order, adaptive, bayesian, "");
    }

    /** Whether this is the paper's rule of its optimizer (no variant flag). */
    public boolean isPaperRule() {
        return variant.isEmpty();
    }

    /** e.g. {@code AdamW+NAWD}, {@code AdaBayes-FP+centred}. */
    public String displayName() {
        return optimizerName + variant;
    }

    /** A name for files, e.g. {@code adamw+nawd}. */
    public String id() {
        return optimizer + variant.toLowerCase(Locale.ROOT);
    }

    public boolean isAdaptive() {
        return adaptive;
    }

    public boolean isBayesian() {
        return bayesian;
    }

    @Override
    public int compareTo(Method o) {
        int c = Integer.compare(order, o.order);
        return c != 0 ? c : variant.compareTo(o.variant);
    }

    @Override
    public String toString() {
        return id();
    }
}

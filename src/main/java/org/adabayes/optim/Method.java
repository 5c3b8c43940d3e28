package org.adabayes.optim;

import java.util.ArrayList;
import java.util.List;

/**
 * A row of a results table: an optimizer with the variant flags a run set away from the paper's
 * behaviour ({@code nawd}, {@code centred}). AdamW with {@code nawd: true} is its own method
 * ("AdamW+NAWD"), compared with AdamW rather than averaged into it; a flag set to its paper value
 * is no variant at all. Ordered as the registry, then by variant.
 *
 * @param kind the optimizer
 * @param variant the flags that differ from the paper, e.g. {@code +NAWD+centred}; empty for the
 *     paper's rule
 */
public record Method(OptimizerKind kind, String variant) implements Comparable<Method> {
    /** The paper's rule of an optimizer. */
    public static Method of(OptimizerKind kind) {
        return new Method(kind, "");
    }

    /** The method a run config states. */
    public static Method of(OptimizerSpec spec) {
        List<String> parts = new ArrayList<>();
        OptimizerKind k = spec.kind();
        for (HyperParameter flag : List.of(HyperParameter.NAWD, HyperParameter.CENTRED)) {
            if (k.accepts(flag) && spec.flag(flag) != k.paperFlag(flag)) {
                String name = flag == HyperParameter.NAWD ? "NAWD" : "centred";
                parts.add(spec.flag(flag) ? "+" + name : "-" + name);
            }
        }
        return new Method(k, String.join("", parts));
    }

    /** Whether this is the paper's rule of its optimizer (no variant flag). */
    public boolean isPaperRule() {
        return variant.isEmpty();
    }

    /** e.g. {@code AdamW+NAWD}, {@code AdaBayes-FP+centred}. */
    public String displayName() {
        return kind.displayName() + variant;
    }

    /** A name for files, e.g. {@code adamw+nawd}. */
    public String id() {
        return kind.id() + variant.toLowerCase(java.util.Locale.ROOT);
    }

    public boolean isAdaptive() {
        return kind.isAdaptive();
    }

    public boolean isBayesian() {
        return kind.isBayesian();
    }

    @Override
    public int compareTo(Method o) {
        int c = kind.compareTo(o.kind);
        return c != 0 ? c : variant.compareTo(o.variant);
    }

    @Override
    public String toString() {
        return id();
    }
}

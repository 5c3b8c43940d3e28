package org.adabayes.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.adabayes.config.Method;
import org.adabayes.config.RunConfig;
import java.lang.reflect.RecordComponent;
import java.util.Set;
import org.adabayes.optim.OptimizerOptions;

/**
 * What a table averages over seeds: a method with every hyper-parameter the run's config resolved
 * to, the {@code --init} weights and the batch limit. Two runs are seeds of one setting only when
 * they agree in all of these, so a learning-rate sweep is never averaged as if it were seeds. The
 * label names only what differs from the optimizer's defaults ({@code AdaBayes (lr=0.01)}), so the
 * paper's grid reads as the paper's rows.
 *
 * @param method the optimizer and its variant flags (their own part of the name)
 * @param differs {@code field=value} of each other hyper-parameter away from its default, in the
 *     order of the rule's options record
 * @param init the first digits of the --init weights' digest, or null
 * @param limited the batches per epoch of a limited run that is tabled, or null
 */
public record Setting(Method method, List<String> differs, String init, Integer limited)
        implements Comparable<Setting> {

    /** The variant flags: their own part of the method's name (AdamW+NAWD), not a difference. */
    private static final Set<String> VARIANTS = Set.of("nawd", "centred");

    /** The setting a run's resolved config states. */
    public static Setting of(RunConfig cfg, String initDigest, Integer limited) {
        OptimizerOptions spec = cfg.optimizer();
        OptimizerOptions defaults = spec.kind().paper(cfg.model().paperNetwork(),
                cfg.batchSize());
        List<String> differs = new ArrayList<>();
        for (RecordComponent c : spec.getClass().getRecordComponents()) {
            if (VARIANTS.contains(c.getName())) {
                continue;
            }
            Object mine = value(c, spec);
            Object paper = value(c, defaults);
            if (mine instanceof Boolean || paper instanceof Boolean) {
                // a flag left out behaves as the paper's rule: false unless the paper sets it
                boolean m = mine != null ? (Boolean) mine : Boolean.TRUE.equals(paper);
                if (m != Boolean.TRUE.equals(paper)) {
                    differs.add(c.getName() + "=" + m);
                }
            } else if (!Objects.equals(number(mine), number(paper))) {
                differs.add(c.getName() + "=" + text(mine));
            }
        }
        return new Setting(Method.of(spec), List.copyOf(differs),
                initDigest == null ? null : initDigest.substring(0, Math.min(8,
                        initDigest.length())), limited);
    }

    private static Object value(RecordComponent c, OptimizerOptions o) {
        try {
            return c.getAccessor().invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(c + " of " + o, e);
        }
    }

    private static Double number(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    /** A hyper-parameter's value as a person types it: 0.01, 1e-08, 10. */
    static String text(Object v) {
        if (v == null) {
            return "default";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        double d = ((Number) v).doubleValue();
        String plain = BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        if (plain.length() <= 8) {
            return plain;
        }
        String sci = BigDecimal.valueOf(d).stripTrailingZeros().toString();
        return sci.replace("E", "e").replace("e+", "e");
    }

    /** {@code AdaBayes}, {@code AdaBayes (lr=0.01)}, {@code SGD (max-batches=2)}. */
    public String label() {
        return label(null);
    }

    /**
     * The label without one hyper-parameter's part, for a table that shows that axis in a
     * column of its own or picks the best value of it.
     *
     * @param without a config key ({@code optimizer.lr}) or field ({@code lr}); null for none
     */
    public String label(String without) {
        List<String> parts = new ArrayList<>();
        String field = without == null ? null : without.substring(without.lastIndexOf('.') + 1);
        for (String d : differs) {
            if (!d.substring(0, d.indexOf('=')).equals(field)) {
                parts.add(d);
            }
        }
        if (init != null) {
            parts.add("init=" + init);
        }
        if (limited != null) {
            parts.add("max-batches=" + limited);
        }
        return method.displayName() + (parts.isEmpty() ? "" : " (" + String.join(", ", parts)
                + ")");
    }

    /** The value of one hyper-parameter's part ({@code 0.01} for lr), or null when default. */
    public String value(String key) {
        String field = key.substring(key.lastIndexOf('.') + 1);
        for (String d : differs) {
            if (d.substring(0, d.indexOf('=')).equals(field)) {
                return d.substring(d.indexOf('=') + 1);
            }
        }
        return null;
    }

    /** Whether this is the optimizer's own defaults, as the paper ran it. */
    public boolean isDefault() {
        return differs.isEmpty() && init == null;
    }

    /** The same setting with another method, for pairing a variant with its paper rule. */
    Setting withMethod(Method m) {
        return new Setting(m, differs, init, limited);
    }

    /** A file-name fragment: {@code adabayes+lr=0.01}. */
    public String slug() {
        StringBuilder sb = new StringBuilder(method.id());
        differs.forEach(d -> sb.append('+').append(d));
        if (init != null) {
            sb.append("+init=").append(init);
        }
        if (limited != null) {
            sb.append("+max-batches=").append(limited);
        }
        return sb.toString().replaceAll("[^A-Za-z0-9._+=-]", "_");
    }

    /** The method's order, then each differing value, numbers as numbers. */
    @Override
    public int compareTo(Setting o) {
        int c = method.compareTo(o.method);
        for (int i = 0; c == 0 && i < Math.min(differs.size(), o.differs.size()); i++) {
            c = compareParts(differs.get(i), o.differs.get(i));
        }
        if (c == 0) {
            c = Integer.compare(differs.size(), o.differs.size());
        }
        if (c == 0) {
            c = init == null || o.init == null ? Boolean.compare(init != null, o.init != null)
                    : init.compareTo(o.init);
        }
        if (c == 0) {
            c = Boolean.compare(limited != null, o.limited != null);
            if (c == 0 && limited != null) {
                c = Integer.compare(limited, o.limited);
            }
        }
        return c;
    }

    private static int compareParts(String a, String b) {
        String ka = a.substring(0, a.indexOf('='));
        String kb = b.substring(0, b.indexOf('='));
        if (!ka.equals(kb)) {
            return ka.compareTo(kb);
        }
        return compareValues(a.substring(a.indexOf('=') + 1), b.substring(b.indexOf('=') + 1));
    }

    /** Numbers by value, else as text. */
    static int compareValues(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }

    @Override
    public String toString() {
        return label();
    }
}

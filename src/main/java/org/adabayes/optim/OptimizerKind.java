package org.adabayes.optim;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.DatabindContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.jsontype.impl.TypeIdResolverBase;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.adabayes.io.FieldException;

/**
 * The registry: everything that varies by optimizer and is not the rule itself, in one place.
 * Each entry names the optimizer (config name and the paper's display name), its role in Table
 * 1, and its options record, which holds its hyper-parameters, their paper defaults (the
 * protocol's table, {@code docs/hyperparameters.md}) and their ranges, and leads to its rule and
 * double-precision twin. The order is Table 1's row order. A new optimizer is one entry here and
 * one file holding its options, rule, builder and twin ({@code docs/architecture.md}); every test
 * iterates this enum.
 */
public enum OptimizerKind {
    SGD("sgd", "SGD", Role.NON_ADAPTIVE, Sgd.Options::new),
    ADAM("adam", "Adam", Role.ADAPTIVE, Adam.Options::new),
    ADAGRAD("adagrad", "AdaGrad", Role.ADAPTIVE, AdaGrad.Options::new),
    AMSGRAD("amsgrad", "AMSGrad", Role.ADAPTIVE, Adam.AmsGradOptions::new),
    ADABOUND("adabound", "AdaBound", Role.ADAPTIVE, AdaBound.Options::new),
    AMSBOUND("amsbound", "AMSBound", Role.ADAPTIVE, AdaBound.AmsBoundOptions::new),
    ADAMW("adamw", "AdamW", Role.ADAPTIVE, Adam.AdamWOptions::new),
    ADABAYES_FP("adabayes-fp", "AdaBayes-FP", Role.BAYESIAN, AdaBayesFp.Options::new),
    ADABAYES("adabayes", "AdaBayes", Role.BAYESIAN, AdaBayes.Options::new),
    /**
     * Not in the paper: the Kronecker-factored AdaBayes-FP of the 2018 paper's section 2.1.3
     * ({@code docs/kronecker.md}). On a parameter without layer statistics its step is
     * AdaBayes-FP's.
     */
    ADABAYES_KF("adabayes-kf", "AdaBayes-KF", Role.BAYESIAN, AdaBayesKf.Options::new,
            ADABAYES_FP);

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

    private final String id;
    private final String displayName;
    private final Role role;
    private final Supplier<OptimizerOptions> options;
    private final OptimizerKind elementWise;

    OptimizerKind(String id, String displayName, Role role, Supplier<OptimizerOptions> options) {
        this(id, displayName, role, options, null);
    }

    OptimizerKind(String id, String displayName, Role role, Supplier<OptimizerOptions> options,
            OptimizerKind elementWise) {
        this.id = id;
        this.displayName = displayName;
        this.role = role;
        this.options = options;
        this.elementWise = elementWise;
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

    /**
     * The optimizer whose step this one takes on a bare parameter, one no layer sends statistics
     * for (what a benchmark of the optimizer alone compares with): itself but for AdaBayes-KF.
     */
    public OptimizerKind elementWise() {
        return elementWise == null ? this : elementWise;
    }

    /** Options naming only this optimizer: every hyper-parameter left to its default. */
    public OptimizerOptions defaults() {
        return options.get();
    }

    /** The paper's options for a network and batch size. */
    public OptimizerOptions paper(PaperNetwork network, int batchSize) {
        return defaults().resolve(network, batchSize);
    }

    /** The config fields of this optimizer's hyper-parameters, sorted. */
    public List<String> fields() {
        return Arrays.stream(options.get().getClass().getRecordComponents())
                .map(RecordComponent::getName).sorted().toList();
    }

    public boolean accepts(String field) {
        return fields().contains(field);
    }

    @Override
    public String toString() {
        return id;
    }

    /** The entry for a config name (any case, {@code _} for {@code -}), or null. */
    static OptimizerKind find(String name) {
        String id = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (OptimizerKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        return null;
    }

    /** The entry for a config name (any case); the error lists the names there are. */
    public static OptimizerKind byName(String name) {
        OptimizerKind k = find(name);
        if (k == null) {
            throw new FieldException("name", unknown(name));
        }
        return k;
    }

    private static String unknown(String name) {
        return "unknown optimizer '" + name + "' (expected one of " + names() + ")";
    }

    /** A name as a JSON value (a manifest, a result), parsed as a config's is. */
    @JsonCreator
    static OptimizerKind fromConfig(String name) {
        OptimizerKind k = find(name);
        if (k == null) {
            throw new IllegalArgumentException(unknown(name));
        }
        return k;
    }

    /** Every config name, in Table 1's order. */
    public static String names() {
        return Arrays.stream(values()).map(OptimizerKind::id).collect(Collectors.joining(", "));
    }

    /**
     * What is wrong with a field the options record {@code options} does not have, in the words a
     * user reads: another rule's hyper-parameter is named as such, anything else as an unknown
     * field; both list this rule's fields. Null when {@code options} is no optimizer's record.
     */
    public static String unknownField(Class<?> options, String field) {
        for (OptimizerKind k : values()) {
            if (k.options.get().getClass() == options) {
                boolean other = Arrays.stream(values()).anyMatch(o -> o.accepts(field));
                return other ? "is not a hyper-parameter of " + k + " (it has "
                        + String.join(", ", k.fields()) + ")"
                        : "unknown field (known: " + Stream.concat(
                                k.fields().stream(), Stream.of("name"))
                                .sorted().collect(Collectors.joining(", ")) + ")";
            }
        }
        return null;
    }

    /**
     * The config's {@code name} to the optimizer's options record and back: Jackson's type by
     * name, with the registry's names (any case) and its message for a name it does not know.
     */
    public static final class Names extends TypeIdResolverBase {
        @Override
        public String idFromValue(Object value) {
            return ((OptimizerOptions) value).kind().id();
        }

        @Override
        public String idFromValueAndType(Object value, Class<?> type) {
            return idFromValue(value);
        }

        @Override
        public JsonTypeInfo.Id getMechanism() {
            return JsonTypeInfo.Id.CUSTOM;
        }

        @Override
        public JavaType typeFromId(DatabindContext context, String id)
                throws IOException {
            OptimizerKind k = find(id);
            if (k == null) {
                throw InvalidTypeIdException.from(null, unknown(id),
                        context.constructType(OptimizerOptions.class), id);
            }
            return context.constructType(k.options.get().getClass());
        }
    }
}

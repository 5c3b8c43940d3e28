package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.io.FieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new optimizer is one file (its options record, its rule's forms, its typed builder and its
 * twin) and one registry entry: this proves the registry needs nothing else. Each entry's options
 * record is nested in its rule's class and makes that rule; the rule's own builders offer exactly
 * the record's fields; its twin sits in the rule's file; and no code outside {@code optim}
 * branches on a particular optimizer, so an entry added to the enum reaches config loading,
 * training, the tables and every test that iterates the registry without another edit
 * (docs/architecture.md walks through it).
 */
class RegistryTest {
    /** Builder methods DJL's OptimizerBuilder and RuleBuilder own, not a rule's options. */
    private static final Set<String> COMMON = Set.of("optDefaultsOf", "optWeightDecays",
            "optClipGrad", "optBeginNumUpdate");

    /** The rule class of an entry: the class its options record is nested in. */
    static Class<?> rule(OptimizerKind kind) {
        return kind.defaults().getClass().getEnclosingClass();
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theOptionsRecordIsTheRulesOwnAndMakesIt(OptimizerKind kind) {
        OptimizerOptions o = kind.defaults();
        assertTrue(o.getClass().isRecord(), kind + ": its options are a record");
        assertEquals(kind, o.kind());
        StatefulOptimizer built = Fixtures.spec(kind, 128).create(128);
        assertEquals(rule(kind), built.getClass(), kind + ": its options record is nested in "
                + "the rule it makes");
        assertEquals(kind, built.kind());
        built.close();
    }

    /** Every public static no-argument factory of a rule class that returns a builder. */
    static List<RuleBuilder<?>> builders(Class<?> rule) throws Exception {
        List<RuleBuilder<?>> out = new ArrayList<>();
        for (Method m : rule.getDeclaredMethods()) {
            if (Modifier.isStatic(m.getModifiers()) && Modifier.isPublic(m.getModifiers())
                    && m.getParameterCount() == 0
                    && RuleBuilder.class.isAssignableFrom(m.getReturnType())) {
                out.add((RuleBuilder<?>) m.invoke(null));
            }
        }
        return out;
    }

    /** The options a builder offers, as config fields. */
    static Set<String> offered(RuleBuilder<?> b) {
        Set<String> out = new TreeSet<>();
        for (Method m : b.getClass().getMethods()) {
            String n = m.getName();
            if (n.startsWith("opt") && !COMMON.contains(n) && Modifier.isPublic(m.getModifiers())) {
                out.add(switch (n) {
                    case "optEpsilon" -> "eps";
                    case "optLearningRate" -> "lr";
                    default -> n.substring(3, 4).toLowerCase(Locale.ROOT) + n.substring(4);
                });
            }
        }
        return out;
    }

    /** A builder's product: with the batch size where the rule needs one. */
    static StatefulOptimizer build(RuleBuilder<?> b) {
        if (b instanceof RuleBuilder.Bayesian<?> bayes) {
            bayes.setBatchSize(128);
        }
        return b.build();
    }

    /**
     * Each entry is built by exactly one builder of its rule, and that builder offers exactly the
     * entry's fields: AMSGrad's lacks {@code centred}, AdaBayes-KF's lacks {@code centred} and has
     * {@code refreshEvery}. Built with nothing set, it gives the registry's paper options.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theRulesBuilderOffersExactlyItsOptions(OptimizerKind kind) throws Exception {
        Map<OptimizerKind, RuleBuilder<?>> byKind = new EnumMap<>(OptimizerKind.class);
        for (RuleBuilder<?> b : builders(rule(kind))) {
            StatefulOptimizer built = build(b);
            assertTrue(byKind.put(built.kind(), b) == null, "two builders make " + built.kind());
            built.close();
        }
        RuleBuilder<?> b = byKind.get(kind);
        assertNotNull(b, kind + ": " + rule(kind).getSimpleName() + " has a builder for it");
        assertEquals(new TreeSet<>(kind.fields()), offered(b), kind + "'s builder offers "
                + "exactly its fields");
        StatefulOptimizer built = build(b);
        assertEquals(Fixtures.spec(kind, 128), built.options());
        assertEquals(kind.isBayesian(), b instanceof RuleBuilder.Bayesian<?>,
                kind + ": setBatchSize iff the rule needs B");
        built.close();
    }

    @Test
    void aBuilderSetsItsOptionsAndChecksThem() {
        Adam adam = Adam.amsgrad().optBeta1(0.5f).optEpsilon(0f).build();
        assertEquals(new Adam.AmsGradOptions(1e-3, 0.5, 0.999, 0.0, 5e-4), adam.options());
        FieldException e = assertThrows(FieldException.class,
                () -> AdaBayesKf.builder().optRefreshEvery(0).setBatchSize(8).build());
        assertEquals("refreshEvery", e.field());
        assertThrows(NoSuchMethodException.class,
                () -> Sgd.Builder.class.getMethod("optEtaSgd", float.class));
        assertThrows(NoSuchMethodException.class,
                () -> AdaBayesKf.Builder.class.getMethod("optCentred", boolean.class));
        assertThrows(NoSuchMethodException.class,
                () -> Adam.AmsGradBuilder.class.getMethod("optNawd", boolean.class));
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theTwinSitsInTheRulesFile(OptimizerKind kind) {
        String twin = Fixtures.spec(kind, 128).twin(128, 3).getClass().getName();
        // a rule whose twin is another's (AdaBayes-KF's element-wise step) names that one
        Class<?> rule = rule(kind.elementWise());
        assertTrue(twin.startsWith(rule.getName() + "$"), kind + "'s twin " + twin
                + " is defined in " + rule.getSimpleName() + ".java");
    }

    /**
     * Outside {@code optim} nothing names a rule class, compares with a registry constant, asks
     * an entry for one particular hyper-parameter, or hard-codes another entry's name beside it:
     * a property of the entry (its role, its element-wise rule, a capability of the optimizer)
     * serves. A registry constant may appear as a default value ({@code OptimizerKind.SGD} as a
     * command's default), never in a comparison.
     */
    @Test
    void nothingOutsideOptimBranchesOnAParticularOptimizer() throws IOException {
        String rules = Stream.of(OptimizerKind.values()).map(k -> rule(k).getSimpleName())
                .distinct().collect(Collectors.joining("|"));
        String kinds = Stream.of(OptimizerKind.values()).map(Enum::name)
                .collect(Collectors.joining("|"));
        Pattern branch = Pattern.compile("[=!]= *OptimizerKind\\.[A-Z_]+"
                + "|OptimizerKind\\.[A-Z_]+ *[=!]="
                + "|equals\\(OptimizerKind\\.[A-Z_]+\\)|OptimizerKind\\.[A-Z_]+\\.equals"
                + "|OptimizerKind\\.[A-Z_]+\\.id\\(\\)"
                + "|case (" + kinds + ")(, [A-Z_]+)* ->"
                + "|\\b(org\\.adabayes\\.optim\\.)?(" + rules + ")\\b(\\.[A-Z]\\w*)?[ .;]"
                + "|\\.accepts\\(\"");
        List<String> bad = new ArrayList<>();
        Path main = Path.of("src/main/java/org/adabayes");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(main.resolve("optim"))) {
                    continue;
                }
                int n = 0;
                for (String line : Files.readAllLines(f)) {
                    n++;
                    String code = line.trim();
                    if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//")) {
                        continue;
                    }
                    Matcher m = branch.matcher(code.replaceAll("\"[^\"]*\"", "\"\""));
                    if (m.find()) {
                        bad.add(f + ":" + n + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), bad, "code that branches on a particular optimizer");
    }

    /** The check above catches what it is meant to (so a silent pass means something). */
    @Test
    void theBranchCheckSeesTheFormsItForbids() {
        String rules = Stream.of(OptimizerKind.values()).map(k -> rule(k).getSimpleName())
                .distinct().collect(Collectors.joining("|"));
        Pattern p = Pattern.compile("\\b(org\\.adabayes\\.optim\\.)?(" + rules
                + ")\\b(\\.[A-Z]\\w*)?[ .;]");
        assertTrue(p.matcher("if (h.opt instanceof AdaBayesKf k) {").find());
        assertTrue(p.matcher("import org.adabayes.optim.AdaBayesFp;").find());
        assertTrue(p.matcher("x instanceof AdaBayes.Options o").find());
        assertTrue(!p.matcher("AdaBayesFamily x;").find());
    }
}

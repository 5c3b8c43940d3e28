package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.io.FieldException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A new optimizer is one file (its rule's forms, its typed builder and its twin) and one registry
 * entry: this proves the registry needs nothing else. Each entry's builder is its rule's own
 * nested Builder offering exactly the registry's hyper-parameters for it, its twin sits in the
 * rule's file, and no code outside {@code optim} branches on a particular optimizer, so an entry
 * added to the enum reaches config loading, training, the tables and every test that iterates
 * the registry without another edit (docs/architecture.md walks through it).
 */
class RegistryTest {
    /** Builder methods DJL's OptimizerBuilder and RuleBuilder own, not a rule's options. */
    private static final Set<String> COMMON = Set.of("option", "optLearningRate",
            "optWeightDecay", "optDefaultsOf", "optWeightDecays", "optClipGrad",
            "optBeginNumUpdate");

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theBuilderIsTheRulesOwn(OptimizerKind kind) {
        StatefulOptimizer built = kind.create(Fixtures.spec(kind, 128), 128);
        assertEquals(built.getClass(), kind.builder().getClass().getEnclosingClass(),
                kind + ": its builder is nested in its rule's class");
        assertEquals(kind, built.kind());
        built.close();
    }

    /**
     * Every hyper-parameter the registry gives a kind has its typed builder method; a method its
     * kind lacks (a builder shared by kinds, or AdaBayes-KF's, which extends AdaBayes-FP's) is
     * refused when set, naming the parameter; no builder offers a parameter none of the kinds
     * it builds has.
     */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theBuilderOffersTheRegistrysOptions(OptimizerKind kind) throws Exception {
        Class<?> builder = kind.builder().getClass();
        Set<HyperParameter> offered = EnumSet.of(HyperParameter.LR, HyperParameter.WEIGHT_DECAY);
        for (Method m : builder.getMethods()) {
            if (m.getName().startsWith("opt") && !COMMON.contains(m.getName())
                    && Modifier.isPublic(m.getModifiers())) {
                offered.add(parameterOf(m.getName()));
                HyperParameter p = parameterOf(m.getName());
                if (!kind.accepts(p)) {
                    RuleBuilder<?, ?> b = kind.builder();
                    Object arg = m.getParameterTypes()[0] == boolean.class ? (Object) true
                            : m.getParameterTypes()[0] == int.class ? (Object) 3 : (Object) 0.5f;
                    Exception e = assertThrows(Exception.class, () -> m.invoke(b, arg));
                    Throwable cause = e.getCause() != null ? e.getCause() : e;
                    assertTrue(cause instanceof FieldException f && f.field().equals(p.field()),
                            kind + " refuses " + p.field() + ": " + cause);
                }
            }
        }
        Set<HyperParameter> anyKind = EnumSet.noneOf(HyperParameter.class);
        for (OptimizerKind k : OptimizerKind.values()) {
            if (k.builder().getClass().isAssignableFrom(builder)) {
                EnumSet.allOf(HyperParameter.class).stream().filter(k::accepts)
                        .forEach(anyKind::add);
            }
        }
        for (HyperParameter p : HyperParameter.values()) {
            if (kind.accepts(p)) {
                assertTrue(offered.contains(p), kind + "'s builder offers " + p.field());
            }
        }
        assertTrue(anyKind.containsAll(offered), kind + ": offers only options of the kinds it "
                + "builds: " + offered + " vs " + anyKind);
        boolean hasBatch = Stream.of(builder.getMethods())
                .anyMatch(m -> m.getName().equals("setBatchSize"));
        assertEquals(kind.isBayesian(), hasBatch, kind + ": setBatchSize iff the rule needs B");
    }

    @Test
    void aSharedBuilderRefusesAnOptionItsKindLacks() {
        FieldException e = assertThrows(FieldException.class,
                () -> Adam.amsgrad().optNawd(true).build());
        assertEquals("nawd", e.field());
        assertThrows(NoSuchMethodException.class,
                () -> Sgd.Builder.class.getMethod("optEtaSgd", float.class));
    }

    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void theTwinSitsInTheRulesFile(OptimizerKind kind) {
        StatefulOptimizer built = kind.create(Fixtures.spec(kind, 128), 128);
        String twin = kind.twin(Fixtures.spec(kind, 128), 128, 3).getClass().getName();
        Class<?> rule = built.getClass();
        boolean inFile = false;
        for (Class<?> c = rule; c != StatefulOptimizer.class; c = c.getSuperclass()) {
            inFile |= twin.startsWith(c.getName() + "$");
        }
        assertTrue(inFile, kind + "'s twin " + twin + " is defined in " + rule.getSimpleName()
                + ".java or the rule it extends");
        built.close();
    }

    @Test
    void nothingOutsideOptimBranchesOnAParticularOptimizer() throws IOException {
        Pattern branch = Pattern.compile("[=!]= OptimizerKind\\.[A-Z_]+|case [A-Z_]+(, [A-Z_]+)* ->"
                + "|OptimizerKind\\.[A-Z_]+ ==");
        List<String> bad = new ArrayList<>();
        Path main = Path.of("src/main/java/org/adabayes");
        try (Stream<Path> files = Files.walk(main)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                if (f.startsWith(main.resolve("optim"))) {
                    continue;
                }
                String text = Files.readString(f);
                if (text.contains("OptimizerKind") && branch.matcher(text).find()) {
                    bad.add(f.toString());
                }
            }
        }
        assertEquals(List.of(), bad, "files that branch on a particular optimizer (a property "
                + "of the registry entry, such as its role or its hyper-parameters, serves)");
    }

    @Test
    void everyHyperParameterHasABuilderMethodSomewhere() {
        Set<String> missing = new TreeSet<>();
        for (HyperParameter p : HyperParameter.values()) {
            missing.add(p.field());
        }
        for (OptimizerKind k : OptimizerKind.values()) {
            for (Method m : k.builder().getClass().getMethods()) {
                if (m.getName().startsWith("opt") && !COMMON.contains(m.getName())) {
                    missing.remove(parameterOf(m.getName()).field());
                }
            }
        }
        missing.remove("lr");
        missing.remove("weightDecay");
        assertFalse(missing.iterator().hasNext(), "unsettable from Java: " + missing);
    }

    private static HyperParameter parameterOf(String method) {
        String field = switch (method) {
            case "optEpsilon" -> "eps";
            default -> method.substring(3, 4).toLowerCase(Locale.ROOT) + method.substring(4);
        };
        HyperParameter p = HyperParameter.byField(field);
        if (p == null) {
            throw new AssertionError(method + " names no hyper-parameter (" + field + ")");
        }
        return p;
    }
}

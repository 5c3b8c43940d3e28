package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.bench.NativeCalls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The multi-tensor step against the per-tensor NDArray form over many tensors of different
 * shapes at once (so that the module's slicing of the state by slot and tensor is exercised), in
 * float64, for every rule and every variant of the 2018 paper, across a schedule drop; and its
 * cost in native calls, the point of it.
 */
class MultiTensorTest {
    static final Shape[] SHAPES = {new Shape(3, 4, 2, 2), new Shape(7), new Shape(5, 5),
        new Shape(1), new Shape(16, 3, 3, 3), new Shape(2, 3, 4), new Shape(64), new Shape(9, 2)};
    static final int STEPS = 6;

    static Stream<OptimizerOptions> specs() {
        List<OptimizerOptions> all = new ArrayList<>();
        for (OptimizerKind k : OptimizerKind.values()) {
            all.add(Fixtures.spec(k, 16));
        }
        all.addAll(Fixtures.variants(16));
        // the branches' switches: no momentum slot, no coupled L2, the printed prior
        all.add(Fixtures.spec(OptimizerKind.SGD, 16).with("momentum", 0.0));
        all.add(Fixtures.spec(OptimizerKind.ADAGRAD, 16).with("weightDecay", 0.0));
        all.add(Fixtures.spec(OptimizerKind.ADABAYES, 16).with("exactPrior", false));
        return all.stream();
    }

    @Test
    void moduleLoads() {
        assertTrue(MultiTensor.available(), "multistep.pt did not load");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void manyTensorsStepAsThePerTensorFormDoes(OptimizerOptions spec) {
        StatefulOptimizer multi = StepPath.MULTI_TENSOR.on(spec.create(16));
        StatefulOptimizer single = StepPath.PER_TENSOR.on(spec.create(16));
        SplittableRandom rng = new SplittableRandom(7);
        List<String> ids = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager()) {
            List<NDArray> a = new ArrayList<>();
            List<NDArray> b = new ArrayList<>();
            List<double[]> start = new ArrayList<>();
            for (int i = 0; i < SHAPES.length; i++) {
                ids.add("p" + i);
                double[] w = random(rng, SHAPES[i].size(), 1.0);
                start.add(w);
                a.add(m.create(w, SHAPES[i]));
                b.add(m.create(w, SHAPES[i]));
            }
            double moved = 0;
            for (int t = 1; t <= STEPS; t++) {
                double f = t > 4 ? 0.1 : 1.0;
                multi.setScheduleFactor(f);
                single.setScheduleFactor(f);
                List<NDArray> grads = new ArrayList<>();
                for (Shape s : SHAPES) {
                    // mixed scales: AdaBayes' SGD regime, the transition and its Adam regime
                    double scale = rng.nextInt(3) == 0 ? 1e-3 : rng.nextBoolean() ? 0.05 : 1.0;
                    grads.add(m.create(random(rng, s.size(), scale), s));
                }
                multi.updateAll(ids, a, grads);
                single.updateAll(ids, b, grads);
                for (int i = 0; i < SHAPES.length; i++) {
                    double[] x = a.get(i).toDoubleArray();
                    double[] y = b.get(i).toDoubleArray();
                    for (int j = 0; j < x.length; j++) {
                        moved = Math.max(moved, Math.abs(y[j] - start.get(i)[j]));
                        assertEquals(y[j], x[j], 1e-12 * Math.max(1, Math.abs(y[j])),
                                spec.kind() + " step " + t + " tensor " + i + " element " + j);
                    }
                }
            }
            assertTrue(moved > 1e-4, spec.kind() + " did not move the weights");
            for (String id : ids) {
                for (StatefulOptimizer.Slot slot : single.slots()) {
                    double[] x = multi.state().slots(id, null).find(slot.name()).toDoubleArray();
                    double[] y = single.state().slots(id, null).find(slot.name()).toDoubleArray();
                    for (int j = 0; j < x.length; j++) {
                        assertEquals(y[j], x[j], 1e-12 * Math.max(1e-30, Math.abs(y[j])),
                                spec.kind() + " state " + slot.name() + " of " + id);
                    }
                }
            }
            assertEquals(single.state().stepsTaken(), multi.state().stepsTaken());
        } finally {
            multi.close();
            single.close();
        }
    }

    /**
     * One step of 100 tensors is one call into libtorch running at most 20 operators, for every
     * rule, where the per-tensor form makes several calls per tensor (which also shows the
     * counter counts).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void oneStepIsOneNativeCall(OptimizerKind kind) throws IOException {
        int tensors = 100;
        try (NDManager m = NDManager.newBaseManager()) {
            List<String> ids = new ArrayList<>();
            List<NDArray> w = new ArrayList<>();
            List<NDArray> g = new ArrayList<>();
            for (int i = 0; i < tensors; i++) {
                ids.add("p" + i);
                w.add(m.randomNormal(new Shape(4, 3)).toType(DataType.FLOAT64, false));
                g.add(m.randomNormal(new Shape(4, 3)).toType(DataType.FLOAT64, false));
            }
            NativeCalls.Count[] calls = new NativeCalls.Count[2];
            StepPath[] paths = {StepPath.MULTI_TENSOR, StepPath.PER_TENSOR};
            for (int p = 0; p < 2; p++) {
                StatefulOptimizer opt = paths[p].on(Fixtures.spec(kind, 16).create(16));
                opt.updateAll(ids, w, g); // the first step allocates the state
                calls[p] = NativeCalls.measure(() -> opt.updateAll(ids, w, g));
                opt.close();
            }
            assertEquals(1, calls[0].calls(), kind + ": calls of one multi-tensor step");
            assertTrue(calls[0].ops() >= 3 && calls[0].ops() <= 20,
                    kind + ": operators inside the multi-tensor step: " + calls[0].ops());
            assertTrue(calls[1].calls() >= 2 * tensors,
                    kind + ": per-tensor form made " + calls[1].calls());
        }
    }

    /** As the per-tensor form: the weight's own gradient is zeroed, a caller's array is not. */
    @Test
    void zeroesTheWeightsOwnGradientsNotTheCallers() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray w = m.create(new double[] {0.5, -0.25, 1});
            w.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                gc.backward(w.mul(w).sum());
            }
            NDArray other = m.create(new double[] {0.1, 0.2, 0.3});
            StatefulOptimizer opt = StepPath.MULTI_TENSOR.on(
                    Fixtures.spec(OptimizerKind.SGD, 16).create(16));
            opt.updateAll(List.of("w"), List.of(w), List.of(other));
            opt.close();
            assertArrayEquals(new double[] {0.1, 0.2, 0.3}, other.toDoubleArray(), 0);
            assertArrayEquals(new double[3], w.getGradient().toDoubleArray(), 0);
        }
    }

    static Stream<OptimizerKind> kinds() {
        return Arrays.stream(OptimizerKind.values());
    }

    private static double[] random(SplittableRandom rng, long n, double scale) {
        double[] d = new double[Math.toIntExact(n)];
        for (int i = 0; i < d.length; i++) {
            d[i] = rng.nextGaussian() * scale;
        }
        return d;
    }
}

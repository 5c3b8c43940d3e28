package org.adabayes.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.adabayes.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * No NDArray is left behind per step: after warm-up (state slots created), the weight's manager
 * holds the same number of arrays after 1000 more steps, with the Fig. 3 trace on for the pair.
 * The gradients are fixed arrays, so every array that could appear is the optimizer's own.
 */
class OptimizerMemoryTest {
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void memoryIsFlatOverAThousandSteps(OptimizerKind name) {
        StatefulOptimizer opt = Fixtures.spec(name, 128).create(128);
        opt.setTrace(new LrTrace(10, java.util.Map.of("a", new long[] {0, 5}),
                (t, p, i, a, b) -> {}));
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.randomNormal(new Shape(16, 8));
            NDArray b = m.randomNormal(new Shape(32));
            NDArray ga = m.randomNormal(new Shape(16, 8)).muli(0.01f);
            NDArray gb = m.randomNormal(new Shape(32)).muli(0.01f);
            int before = 0;
            int stateBefore = 0;
            for (int t = 0; t < 1003; t++) {
                if (t == 3) {
                    before = m.getManagedArrays().size();
                    stateBefore = opt.state().arrayCount();
                }
                opt.update("a", a, ga);
                opt.update("b", b, gb);
            }
            assertEquals(before, m.getManagedArrays().size(), name + " leaks arrays");
            assertEquals(stateBefore, opt.state().arrayCount(), name + " grows its state");
        }
        opt.close();
    }
}

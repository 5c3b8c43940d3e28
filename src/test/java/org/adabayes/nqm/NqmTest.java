package org.adabayes.nqm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.PaperNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The four qualitative results of the NQM paper (docs/equations.md#nqm-model), on a small K so
 * they run in seconds.
 */
class NqmTest {
    static final Nqm NQM = new Nqm(50, 0.01);
    static final List<Long> BATCHES = List.of(4L, 8L, 16L, 32L, 64L, 128L, 256L, 512L, 1024L,
            4096L, 1L << 16, 1L << 17);
    static NqmSweep sweep;
    static List<NqmPoint> points;

    @BeforeAll
    static void sweep() {
        NqmSweep d = NqmSweep.defaults(NQM);
        sweep = new NqmSweep(NQM, NqmSweep.logGrid(1e-4, 3, 80), d.etaGrid(), d.etaSgdGrid(),
                new double[] {0.5, 0.9, 0.95, 0.99}, 3, 100_000);
        points = sweep.run(List.of("sgd", "momentum", "precond-0.25", "precond-0.5",
                "precond-0.75"), BATCHES, p -> {});
    }

    static NqmPoint at(String o, long b) {
        return points.stream().filter(p -> p.optimizer().equals(o) && p.batchSize() == b)
                .findFirst().orElseThrow();
    }

    static double steps(String o, long b) {
        double s = at(o, b).steps();
        assertTrue(s > 0, o + " did not reach the target at B=" + b);
        return s;
    }

    /** The knee where the perfect-scaling line from the smallest batch meets the flat tail. */
    static double criticalBatch(String o) {
        return 4 * steps(o, 4) / steps(o, 1L << 17);
    }

    @Test
    void perfectScalingBelowTheCriticalBatchSizeAndAFlatTailAbove() {
        assertEquals(2.0, steps("sgd", 4) / steps("sgd", 8), 0.3);
        assertEquals(2.0, steps("sgd", 8) / steps("sgd", 16), 0.3);
        assertEquals(1.0, steps("sgd", 1L << 16) / steps("sgd", 1L << 17), 0.05);
        assertTrue(steps("sgd", 4) / steps("sgd", 1L << 17) > 20);
    }

    @Test
    void momentumMatchesSgdAtSmallBatchesAndHelpsOnlyAtLargeOnes() {
        assertEquals(1.0, steps("momentum", 4) / steps("sgd", 4), 0.15);
        assertTrue(steps("momentum", 1L << 17) < 0.6 * steps("sgd", 1L << 17),
                steps("momentum", 1L << 17) + " vs " + steps("sgd", 1L << 17));
    }

    @Test
    void strongerPreconditioningRaisesTheCriticalBatchSizeAndHelpsAtSmallBatches() {
        Function<String, Double> crit = NqmTest::criticalBatch;
        assertTrue(crit.apply("precond-0.25") > crit.apply("sgd"));
        assertTrue(crit.apply("precond-0.5") > crit.apply("precond-0.25"));
        assertTrue(crit.apply("precond-0.75") > crit.apply("precond-0.5"));
        assertTrue(steps("precond-0.5", 4) < steps("sgd", 4));
    }

    @Test
    void theOptimalLearningRateGrowsLinearlyWithBatchSizeBelowTheKnee() {
        for (long b : List.of(4L, 8L, 16L)) {
            double ratio = at("sgd", 2 * b).lr() / at("sgd", b).lr();
            assertEquals(2.0, ratio, 0.6, "lr(" + 2 * b + ")/lr(" + b + ")");
        }
    }

    @Test
    void theExactSgdRecursionAgreesWithMonteCarlo() {
        double lr = 0.5;
        double batch = 8;
        int steps = 60;
        double exact = LinearRule.sgdLoss(NQM, lr, batch, steps);
        OptimizerOptions sgd = OptimizerKind.SGD.defaults().with("lr", lr)
                .with("momentum", 0.0).with("weightDecay", 0.0)
                .resolve(PaperNetwork.RESNET34, 8);
        double[] mc = MonteCarlo.lossAfter(NQM, n -> sgd.twin(8, n), batch,
                400, steps, 5);
        assertTrue(Math.abs(mc[0] - exact) < 3 * mc[1],
                "MC " + mc[0] + " +- " + mc[1] + " vs exact " + exact);
        assertTrue(mc[1] < 0.05 * exact, "the check must be tight enough to mean something");
    }

    /**
     * An EMA with decay 0 is the iterate itself: the EMA recursion must then be SGD's closed form,
     * at a batch size where the target is reached; with decay 0.9 the averaged iterate lags, so
     * it reaches the target at a different step.
     */
    @Test
    void emaWithoutDecayIsSgdAndWithDecayDiffers() {
        LinearRule sgd = new LinearRule(LinearRule.Kind.SGD, 0, 0);
        long plain = sgd.stepsToTarget(NQM, 0.2, 256, 1_000_000);
        assertTrue(plain > 0, "SGD must reach the target at B=256 for the comparison to mean "
                + "anything");
        assertEquals(plain, new LinearRule(LinearRule.Kind.EMA, 0, 0)
                .stepsToTarget(NQM, 0.2, 256, 1_000_000));
        long averaged = new LinearRule(LinearRule.Kind.EMA, 0, 0.9)
                .stepsToTarget(NQM, 0.2, 256, 1_000_000);
        assertTrue(averaged > 0 && averaged != plain, averaged + " vs " + plain);
    }

    @Test
    void closedFormSgdMatchesTheRecursion() {
        LinearRule sgd = new LinearRule(LinearRule.Kind.SGD, 0, 0);
        long k = sgd.stepsToTarget(NQM, 0.3, 64, 1_000_000);
        assertTrue(LinearRule.sgdLoss(NQM, 0.3, 64, (int) k) < 0.01);
        assertTrue(LinearRule.sgdLoss(NQM, 0.3, 64, (int) k - 1) >= 0.01);
    }
}

package org.adabayes.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.Fixtures;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Splits;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch stream prepares the next batch while a step runs: with a slow step the time spent
 * waiting for batches disappears, and the batches are bit for bit those made one at a time. The
 * training loop reads the device back only for the divergence check every few steps and the
 * epoch's sums.
 */
class BatchStreamTest {
    @TempDir
    Path tmp;

    /** What a consumer saw: every batch's pixels, and the time it waited for them. */
    record Taken(List<float[]> pixels, double waitedSeconds, double preparedSeconds) {}

    Taken take(RunConfig cfg, Splits data, int depth, long stepMillis) throws Exception {
        List<float[]> pixels = new ArrayList<>();
        double[] prepared = {0};
        BatchStream stream = new BatchStream(cfg, data, null, depth);
        int steps = stream.steps(0);
        double waited = 0;
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
                Prefetch<BatchStream.Batch> batches = stream.train(0, stream.order(0), 0, steps,
                        (step, x, labels, n) -> {
                            long t = System.nanoTime();
                            BatchStream.Batch b = new BatchStream.Batch(step, n,
                                    m.create(java.nio.FloatBuffer.wrap(x, 0, n * 3072),
                                            new Shape(n, 3, 32, 32)),
                                    m.create(new long[n]));
                            prepared[0] += (System.nanoTime() - t) / 1e9;
                            return b;
                        })) {
            for (int s = 0; s < steps; s++) {
                long t = System.nanoTime();
                try (BatchStream.Batch b = batches.next()) {
                    if (s > 0) {
                        // the first batch is waited for either way: nothing ran before it
                        waited += (System.nanoTime() - t) / 1e9;
                    }
                    pixels.add(b.x().toFloatArray());
                    Thread.sleep(stepMillis); // a slow step
                }
            }
        }
        return new Taken(pixels, waited, prepared[0]);
    }

    @Test
    void theNextBatchIsReadyWhenASlowStepEnds() throws Exception {
        RunConfig cfg = Fixtures.tinyRun(tmp, "sgd", 1, "batchSize=256",
                "dataset.trainSubset=2560");
        Splits data = Datasets.load(cfg.dataset());
        Taken inTurn = take(cfg, data, 0, 40);
        Taken ahead = take(cfg, data, 2, 40);
        assertEquals(10, inTurn.pixels().size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(inTurn.pixels().get(i), ahead.pixels().get(i), "batch " + i);
        }
        // after the first batch: made in turn, the consumer waits for every batch to be
        // augmented; made ahead, it was augmented during the slow step
        assertTrue(inTurn.waitedSeconds() > 0.004, "preparing took " + inTurn.waitedSeconds());
        assertTrue(ahead.waitedSeconds() < 0.3 * inTurn.waitedSeconds(),
                "waited " + ahead.waitedSeconds() + " s with prefetch, "
                        + inTurn.waitedSeconds() + " s without");
    }

    /**
     * An epoch of 120 steps reads the training sums back three times (the divergence checks at
     * steps 50 and 100, and the epoch's end) and the evaluation's once, whatever the steps do.
     */
    @Test
    void anEpochReadsTheDeviceFourTimes() throws IOException {
        RunConfig cfg = Fixtures.tinyRun(tmp, "sgd", 1, "batchSize=2",
                "dataset.trainSubset=240", "dataset.testSubset=20", "model.width=0.0625");
        Splits data = Datasets.load(cfg.dataset());
        ImageSet train = data.train();
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            TorchNet net = Models.create(cfg.model(), 3, 10, m, cfg.seed());
            StatefulOptimizer opt = cfg.optimizer().create(cfg.batchSize());
            TrainStep step = new TrainStep(m, net, opt, new Shape(3, 32, 32), DataType.FLOAT32);
            BatchStream stream = new BatchStream(cfg, data, null);
            Evaluation eval = new Evaluation(stream, m);
            EpochRunner epochs = new EpochRunner(cfg, stream, eval, 0, true,
                    new PrintStream(OutputStream.nullOutputStream()));
            assertEquals(120, epochs.batches());
            epochs.run(0, step, opt);
            assertEquals(3, step.sums().reads(), "training reads");
            assertEquals(1, eval.reads(), "evaluation reads");
            assertEquals(train.size(), 240);
            opt.close();
        }
    }
}

package org.adabayes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.Fixtures;
import org.adabayes.cli.ExitCode;
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.rundir.EpochCsv;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whole runs on generated CIFAR-format data with a 1/8-width ResNet-18 (seconds each). */
class RunLoopTest {
    @TempDir
    Path tmp;

    RunConfig config(String optimizer, int epochs, String... more) throws IOException {
        return Fixtures.tinyRun(tmp, optimizer, epochs, more);
    }

    static RunResult run(RunConfig cfg, Path dir, java.util.function.Consumer<EpochRecord> l)
            throws IOException {
        return new RunLoop(cfg, dir, new RunOptions(false, 0, true, l),
                new PrintStream(new ByteArrayOutputStream())).run();
    }

    @Test
    void aRunWritesCsvConfigAndManifest() throws IOException {
        RunConfig cfg = config("adabayes", 2);
        Path dir = tmp.resolve("run");
        RunResult r = run(cfg, dir, e -> {});
        assertEquals(RunState.COMPLETE, r.state());
        List<String> lines = Files.readAllLines(dir.resolve(RunDir.EPOCHS));
        assertEquals(EpochCsv.HEADER, lines.get(0));
        assertEquals(3, lines.size());
        List<EpochRecord> rows = new RunDir(dir).readEpochs();
        assertEquals(0, rows.get(0).epoch());
        assertEquals(1, rows.get(1).epoch());
        for (EpochRecord e : rows) {
            assertTrue(e.trainLoss() > 0 && Double.isFinite(e.trainLoss()));
            assertTrue(e.testError() >= 0 && e.testError() <= 100);
            assertTrue(e.trainImagesPerSecond() > 0);
            // the wall clock split adds up: training, evaluation and checkpoint
            double parts = e.trainSeconds() + e.evalSeconds() + e.checkpointSeconds();
            assertTrue(e.trainSeconds() > 0 && e.evalSeconds() > 0 && e.checkpointSeconds() > 0,
                    e.toString());
            assertTrue(Math.abs(parts - e.epochSeconds()) <= 0.02 * e.epochSeconds(),
                    parts + " against " + e.epochSeconds() + " in " + e);
        }
        assertTrue(Files.readString(dir.resolve(RunDir.LOG)).contains(rows.get(1)
                .logLine(2)), "log.txt holds the epoch lines");
        Manifest m = new RunDir(dir).readManifest();
        assertEquals(RunState.COMPLETE, m.status());
        assertEquals(ConfigCodec.hash(cfg), m.configHash());
        assertEquals(2, m.epochsCompleted());
        assertEquals("0.32.0", m.versions().get("djl"));
        assertEquals(6, m.datasetChecksums().size());
        assertTrue(m.endedAt() != null && m.startedAt() != null);
        // every switch that changes the numbers is recorded
        assertEquals("float32", m.numerics().get("precision"));
        assertTrue(m.numerics().get("optimizerPath").startsWith("fused ("), m.toString());
        for (String k : List.of("adabayes.fused", "adabayes.multitensor", "onednnCap",
                "cudnnBenchmark", "deterministic", "tf32Matmul", "tf32Cudnn", "intraOpThreads",
                "allocator")) {
            assertTrue(m.numerics().containsKey(k), k + " in " + m.numerics());
        }
        assertEquals("true", m.numerics().get("cudnnBenchmark"));
        assertEquals("false", m.numerics().get("tf32Cudnn"));
        RunConfig back = ConfigCodec.parseYaml(Files.readString(dir.resolve("config.yaml")),
                "config.yaml");
        assertEquals(cfg, back);
        // a finished run is not run again
        RunResult again = run(cfg, dir, e -> {
            throw new AssertionError("re-ran a finished run");
        });
        assertTrue(again.skipped());
        assertEquals(RunState.COMPLETE, again.state());
    }

    @Test
    void resumingAfterACrashGivesTheSameRowsAsAnUninterruptedRun() throws IOException {
        RunConfig cfg = config("adam", 3);
        Path whole = tmp.resolve("whole");
        List<EpochRecord> expected = run(cfg, whole, e -> {}).epochs();

        Path broken = tmp.resolve("broken");
        RuntimeException crash = assertThrows(RuntimeException.class, () -> run(cfg, broken, e -> {
            if (e.epoch() == 1) {
                throw new IllegalStateException("simulated kill after epoch 1");
            }
        }));
        assertEquals("simulated kill after epoch 1", crash.getMessage());
        assertEquals(2, new RunDir(broken).readEpochs().size());
        RunResult resumed = run(cfg, broken, e -> {});
        assertEquals(RunState.COMPLETE, resumed.state());
        assertEquals(2, resumed.resumedFrom());
        List<EpochRecord> got = new RunDir(broken).readEpochs();
        assertEquals(3, got.size());
        for (int i = 0; i < 3; i++) {
            EpochRecord a = expected.get(i);
            EpochRecord b = got.get(i);
            assertEquals(a.epoch(), b.epoch());
            assertEquals(a.lrFactor(), b.lrFactor());
            assertEquals(a.trainLoss(), b.trainLoss(), 1e-4 * a.trainLoss(), "train loss " + i);
            assertEquals(a.testLoss(), b.testLoss(), 1e-4 * a.testLoss(), "test loss " + i);
            assertEquals(a.testError(), b.testError(), 1.0, "test error " + i);
        }
    }

    /** Every optimizer of Table 1 trains a small model through the run loop: the loss falls. */
    @ParameterizedTest
    @EnumSource(OptimizerKind.class)
    void everyOptimizerTrainsTheNetwork(OptimizerKind name) throws IOException {
        RunConfig cfg = config(name.id(), 3, "dataset.trainSubset=1024", "schedule.decayEpochs=[]");
        List<EpochRecord> rows = run(cfg, tmp.resolve(name.id()), e -> {}).epochs();
        assertTrue(rows.get(2).trainLoss() < 0.9 * rows.get(0).trainLoss(),
                name + ": train loss " + rows.get(0).trainLoss() + " -> "
                        + rows.get(2).trainLoss());
    }

    @Test
    void aDifferentRunInTheDirectoryIsNotOverwrittenWithoutForce() throws IOException {
        Path dir = tmp.resolve("run");
        run(config("sgd", 1), dir, e -> {});
        RunConfig other = config("sgd", 1, "optimizer.lr=0.05");
        UserInputException e = assertThrows(UserInputException.class, () -> run(other, dir,
                x -> {}));
        assertTrue(e.getMessage().contains("holds a different run"), e.getMessage());
        RunResult forced = new RunLoop(other, dir, new RunOptions(true, 0, true, x -> {}),
                new PrintStream(new ByteArrayOutputStream())).run();
        assertEquals(RunState.COMPLETE, forced.state());
        assertEquals(ConfigCodec.hash(other),
                new RunDir(dir).readManifest().configHash());
    }

    @Test
    void aNonFiniteLossStopsTheRunAsDiverged() throws IOException {
        RunConfig cfg = config("sgd", 3, "optimizer.lr=1e6", "optimizer.momentum=0.99");
        Path dir = tmp.resolve("div");
        RunResult r = run(cfg, dir, e -> {});
        assertEquals(RunState.DIVERGED, r.state());
        assertEquals(ExitCode.DIVERGED, ExitCode.of(r));
        Manifest m = new RunDir(dir).readManifest();
        assertEquals(RunState.DIVERGED, m.status());
        List<EpochRecord> rows = new RunDir(dir).readEpochs();
        assertTrue(Double.isNaN(rows.get(rows.size() - 1).trainLoss()));
    }

    @Test
    void theLrTraceKeepsOnlyEpochsBeforeTheCheckpointOnResume() throws IOException {
        RunConfig cfg = config("adabayes-fp", 3, "diagnostics.lrTraceEvery=2",
                "diagnostics.lrTraceElements=20");
        Path dir = tmp.resolve("trace-resume");
        assertThrows(IllegalStateException.class, () -> run(cfg, dir, e -> {
            if (e.epoch() == 1) {
                throw new IllegalStateException("killed");
            }
        }));
        // a kill in the middle of appending epoch 2 leaves a cut line behind
        Files.writeString(dir.resolve("lr_trace.csv"), "2,10,01Conv2d_weight,3,0.00",
                java.nio.file.StandardOpenOption.APPEND);
        run(cfg, dir, e -> {});
        List<String> lines = Files.readAllLines(dir.resolve("lr_trace.csv"));
        int[] perEpoch = new int[3];
        for (String l : lines.subList(1, lines.size())) {
            assertEquals(6, l.split(",").length, l);
            perEpoch[Integer.parseInt(l.substring(0, l.indexOf(',')))]++;
        }
        assertEquals(perEpoch[0], perEpoch[1], "each epoch traced once");
        assertEquals(perEpoch[0], perEpoch[2], "each epoch traced once");
        assertTrue(perEpoch[0] > 0);
    }

    @Test
    void theLrTraceIsWrittenForAdaBayes() throws IOException {
        RunConfig cfg = config("adabayes", 1, "diagnostics.lrTraceEvery=2",
                "diagnostics.lrTraceElements=50");
        Path dir = tmp.resolve("trace");
        run(cfg, dir, e -> {});
        List<String> lines = Files.readAllLines(dir.resolve("lr_trace.csv"));
        assertEquals("epoch,step,parameter,index,s2_post,adam_lr", lines.get(0));
        // 4 steps per epoch, sampled at steps 2 and 4, ~50 elements each
        assertTrue(lines.size() > 80 && lines.size() <= 101, lines.size() + " lines");
        double sigma2 = ((OptimizerOptions.Bayesian) cfg.optimizer()).sigma2();
        for (String l : lines.subList(1, lines.size())) {
            double s2 = Double.parseDouble(l.split(",")[4]);
            assertTrue(s2 > 0 && s2 <= sigma2 * 1.0001, "s2_post " + s2 + " above sigma^2");
        }
    }
}

package org.adabayes.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Collectors;
import org.adabayes.config.GridExpansion;
import org.adabayes.optim.Adam;
import org.adabayes.config.GridSpec;
import org.adabayes.config.PlannedRun;
import org.adabayes.rundir.RunPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepTest {
    @TempDir
    Path tmp;

    @Test
    void thePaperGridIs36RunsPerSeedWithTheProtocolsHyperParameters() {
        GridSpec g = GridExpansion.load(Path.of("configs/paper/grid.yaml"));
        List<PlannedRun> one = GridExpansion.expand(g, "grid", null, List.of());
        assertEquals(36, one.size());
        List<PlannedRun> three = GridExpansion.expand(g, "grid", List.of(1L, 2L, 3L), List.of());
        assertEquals(108, three.size());
        assertEquals(108, RunPaths.assign(tmp, three, "grid").stream().collect(Collectors.toSet())
                .size());
        for (PlannedRun r : three) {
            assertEquals(200, r.config().schedule().epochs());
            assertEquals(List.of(149), r.config().schedule().decayEpochs());
            assertEquals(128, r.config().batchSize());
            assertEquals("data/" + r.config().dataset().name(), r.config().dataset().dir());
            assertEquals(r.index(), three.indexOf(r));
        }
        List<PlannedRun> adam = GridExpansion.expand(g, "grid", null,
                List.of("optimizer.name=adam"));
        assertEquals(4, adam.size());
        for (PlannedRun r : adam) {
            double b1 = r.config().model().name().equals("resnet34") ? 0.99 : 0.9;
            assertEquals(b1, ((Adam.Options) r.config().optimizer()).beta1());
        }
        assertEquals(9, GridExpansion.expand(g, "grid", null,
                List.of("dataset.name=cifar100", "model.name=resnet34")).size());
        assertEquals("cifar10-resnet34/sgd/seed-1", rel(one.get(0)));
    }

    @Test
    void everyCpuPresetExpands() throws IOException {
        int n = 0;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("configs/cpu"),
                "*.yaml")) {
            for (Path p : ds) {
                List<PlannedRun> runs = GridExpansion.expand(GridExpansion.load(p), p.toString(),
                        null, List.of());
                assertTrue(runs.size() >= 5, p.toString());
                for (PlannedRun r : runs) {
                    // the protocol's shape: decay at 75% of the epochs, batch 128
                    assertEquals(List.of(r.config().schedule().epochs() * 3 / 4),
                            r.config().schedule().decayEpochs(), p.toString());
                    assertEquals(128, r.config().batchSize());
                }
                n++;
            }
        }
        assertTrue(n >= 3);
    }

    Path tinyGrid(String datasets, int epochs) throws IOException {
        Path f = tmp.resolve("grid.yaml");
        Files.writeString(f, "base:\n"
                + "  model: {name: resnet18, width: 0.125}\n"
                + "  dataset: {dir: " + tmp.resolve("data") + ", trainSubset: 128, "
                + "testSubset: 50}\n"
                + "  schedule: {epochs: " + epochs + ", decayEpochs: [" + (epochs > 1 ? "1" : "")
                + "]}\n"
                + "  batchSize: 64\n"
                + "axes:\n  dataset.name: [" + datasets + "]\n"
                + "  optimizer.name: [sgd, adabayes]\n");
        return f;
    }

    static String rel(PlannedRun r) {
        return RunPaths.relative(r.config(), r.axes());
    }

    static SweepRunner.Summary sweep(List<PlannedRun> runs, Path out) {
        return SweepRunner.run(runs, RunPaths.assign(out, runs, "grid"), RunOptions.defaults(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    @Test
    void aFailingRunDoesNotStopTheSweepAndFinishedRunsAreSkipped() throws IOException {
        Path grid = tinyGrid("synthetic, cifar10", 1);
        List<PlannedRun> runs = GridExpansion.expand(GridExpansion.load(grid), "g", null,
                List.of());
        assertEquals(4, runs.size());
        Path out = tmp.resolve("out");
        SweepRunner.Summary s = sweep(runs, out);
        assertEquals(2, s.get(SweepRunner.Outcome.DONE));
        assertEquals(2, s.get(SweepRunner.Outcome.FAILED), "cifar10 has no files here");
        assertEquals("sweep: 2 done, 0 skipped (complete), 0 resumed, 2 failed, 0 diverged",
                s.line());
        SweepRunner.Summary again = sweep(runs, out);
        assertEquals(2, again.get(SweepRunner.Outcome.SKIPPED));
        assertEquals(0, again.get(SweepRunner.Outcome.DONE));
    }

    @Test
    void aPartialRunIsResumed() throws IOException {
        List<PlannedRun> runs = GridExpansion.expand(GridExpansion.load(tinyGrid("synthetic", 2)),
                "g", null, List.of("optimizer.name=sgd"));
        assertEquals(1, runs.size());
        Path out = tmp.resolve("out");
        Path dir = out.resolve(rel(runs.get(0)));
        assertThrows(IllegalStateException.class, () -> new RunLoop(runs.get(0).config(), dir,
                new RunOptions(false, 0, true, e -> {
                    throw new IllegalStateException("killed");
                }), new PrintStream(new ByteArrayOutputStream())).run());
        SweepRunner.Summary s = sweep(runs, out);
        assertEquals(1, s.get(SweepRunner.Outcome.RESUMED));
        assertEquals(3, Files.readAllLines(dir.resolve("epochs.csv")).size());
    }

    @Test
    void directoriesAreUniqueWhenAnAxisIsNotANameAxis() throws IOException {
        Path f = tmp.resolve("lr.yaml");
        Files.writeString(f,
                "base: {optimizer: {name: sgd}}\naxes:\n  optimizer.lr: [0.1, 0.05]\n");
        List<PlannedRun> runs = GridExpansion.expand(GridExpansion.load(f), "g", null, List.of());
        assertEquals(new HashSet<>(List.of("cifar10-resnet34/sgd+lr=0.1/seed-1",
                "cifar10-resnet34/sgd+lr=0.05/seed-1")),
                runs.stream().map(SweepTest::rel).collect(Collectors.toSet()));
    }
}

package org.adabayes.report;

import static org.adabayes.report.Metric.ERROR;
import static org.adabayes.report.Metric.LOSS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.adabayes.cli.Main;
import org.adabayes.config.Method;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;

/**
 * A learning-rate sweep read as a researcher reads one: settings kept apart and averaged only over
 * seeds, the swept axis side by side (--by), the best value per optimizer (--best-of), the
 * sensitivity figure, time to a target error, and what the table does with what is on disk.
 */
class SweepTableTest {
    /** AdaBayes' default lr is 0.001, so none of these is its paper row. */
    static final String[] LRS = {"0.0003", "0.003", "0.03"};
    static final Group G = new Group("fashion-mnist", "resnet18");

    @TempDir
    Path tmp;

    record Cli(int code, String out, String err) {}

    static Cli cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * AdaBayes at three learning rates x three seeds, with values drawn at random (the table
     * cannot know them), plus SGD at its defaults; returns each lr's min test errors by seed.
     */
    double[][] sweep(long salt) throws IOException {
        Random rnd = new Random(salt);
        double[][] best = new double[LRS.length][3];
        for (int l = 0; l < LRS.length; l++) {
            for (int seed = 1; seed <= 3; seed++) {
                double a = 10 + 10 * l + rnd.nextDouble() * 5;
                double b = a - 1 - rnd.nextDouble();
                best[l][seed - 1] = b;
                Fixtures.run(tmp, "fashion-mnist", "resnet18", "adabayes+lr=" + LRS[l], seed,
                        "complete", new double[] {a + 5, b, a},
                        new double[] {1.0, 0.2 + 0.1 * ((l + 1) % 3), 0.5}, 3);
            }
        }
        for (int seed = 1; seed <= 3; seed++) {
            Fixtures.run(tmp, "fashion-mnist", "resnet18", "sgd", seed, "complete",
                    new double[] {30, 20, 25}, new double[] {1.0, 0.6, 0.7}, 3);
        }
        return best;
    }

    Table1 build(String by, String bestOf, String select) {
        return Table1.build(ResultsScanner.scan(List.of(tmp), false),
                new Table1.Options(Reduction.BEST, null, false, by, bestOf, select));
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    @Test
    void eachLearningRateIsItsOwnRowAveragedOnlyOverItsSeeds() throws IOException {
        double[][] best = sweep(System.nanoTime());
        Table1 t = build(null, null, null);
        assertEquals(List.of("SGD", "AdaBayes (lr=0.0003)", "AdaBayes (lr=0.003)",
                "AdaBayes (lr=0.03)"), t.rows().stream().map(Table1.Row::label).toList());
        for (int l = 0; l < LRS.length; l++) {
            Table1.Cell c = t.cell("AdaBayes (lr=" + LRS[l] + ")", G, ERROR);
            assertEquals(3, c.n());
            assertEquals(mean(best[l]), c.mean(), 1e-9);
            double ss = 0;
            for (double x : best[l]) {
                ss += (x - mean(best[l])) * (x - mean(best[l]));
            }
            assertEquals(Math.sqrt(ss / 2), c.std(), 1e-9);
        }
        // a learning rate away from the paper's is not the paper's row
        String md = Table1Format.MD.render(t);
        assertTrue(md.contains("| AdaBayes (lr=0.003) | "), md);
        assertFalse(md.contains("(n=9)"), md);
    }

    @Test
    void byPutsTheSweptKeyInAColumnOneRowPerSetting() throws IOException {
        double[][] best = sweep(7);
        Table1 t = build("optimizer.lr", null, null);
        assertEquals(List.of("SGD|0.1", "AdaBayes|0.0003", "AdaBayes|0.003", "AdaBayes|0.03"),
                t.rows().stream().map(r -> r.label() + "|" + r.byValue()).toList());
        String md = Table1Format.MD.render(t);
        assertTrue(md.contains("| Optimizer | optimizer.lr | Fashion-MNIST ResNet-18 error (%) |"),
                md);
        assertTrue(md.contains("| AdaBayes | 0.003 | "
                + Metric.ERROR.format(mean(best[1])) + " ± "), md);
        String csv = Table1Format.CSV.render(t);
        assertTrue(csv.startsWith("optimizer,optimizer.lr,dataset,"), csv);
        UserInputException seed = assertThrows(UserInputException.class,
                () -> build("seed", null, null));
        assertTrue(seed.getMessage().startsWith("--by seed: the runs of one setting differ"),
                seed.getMessage());
        UserInputException missing = assertThrows(UserInputException.class,
                () -> build("optimizer.lrr", null, null));
        assertTrue(missing.getMessage().startsWith("--by optimizer.lrr: not a value"),
                missing.getMessage());
    }

    @Test
    void bestOfPicksPerOptimizerTheSettingWithTheBestSeedMean() throws IOException {
        double[][] best = sweep(11);
        // train loss is lowest at lr=0.03 (l=2: 0.2 + 0.1 * 0), test error at lr=0.0003
        Table1 onTrain = build(null, "optimizer.lr", "train_loss");
        assertEquals(List.of("SGD", "AdaBayes"),
                onTrain.rows().stream().map(Table1.Row::label).toList());
        Table1.Cell c = onTrain.cell("AdaBayes", G, ERROR);
        assertEquals("lr=0.03", c.chosen());
        assertEquals(mean(best[2]), c.mean(), 1e-9);
        assertEquals(3, c.n());
        assertTrue(Table1Format.MD.render(onTrain).contains("(n=3, lr=0.03)"));
        assertFalse(onTrain.caption().contains("optimistic"));
        Table1 onTest = build(null, "optimizer.lr", "test_error");
        assertEquals("lr=0.0003", onTest.cell("AdaBayes", G, ERROR).chosen());
        assertEquals(mean(best[0]), onTest.cell("AdaBayes", G, ERROR).mean(), 1e-9);
        assertTrue(onTest.caption().contains("picked on the test set, so the numbers are "
                + "optimistic"), onTest.caption());
        Cli help = cli("table", "--help");
        assertTrue(help.out().contains("optimistic"), help.out());
    }

    @Test
    void theSensitivityFigureIsDrawnOnALogAxis() throws IOException {
        sweep(3);
        Cli r = cli("plot", tmp.toString(), "--out", tmp.resolve("fig").toString(),
                "--sensitivity", "optimizer.lr");
        assertEquals(0, r.code(), r.err());
        Path png = tmp.resolve("fig/sensitivity-fashion-mnist-resnet18-lr-test_error.png");
        assertTrue(r.out().contains("wrote " + png), r.out());
        assertTrue(r.out().contains("wrote " + tmp.resolve(
                "fig/sensitivity-fashion-mnist-resnet18-lr-test_error.svg")), r.out());
        assertTrue(r.out().contains(".svg\n") && r.out().contains("fig4-test.png"), r.out());
        BufferedImage img = ImageIO.read(png.toFile());
        Color red = Palette.of(Method.of(OptimizerKind.ADABAYES));
        assertTrue(PlotsTest.count(img, red, 0, 0, img.getWidth(), img.getHeight()) > 100);
        XYChart chart = SensitivityPlot.charts(ResultsScanner.scan(List.of(tmp), true),
                "optimizer.lr", "test_error").get(G);
        assertTrue(chart.getStyler().isXAxisLogarithmic());
        assertEquals(List.of("AdaBayes, best", "AdaBayes, final", "SGD, best", "SGD, final"),
                chart.getSeriesMap().keySet().stream().sorted().toList());
        assertArrayEquals(new double[] {0.0003, 0.003, 0.03},
                chart.getSeriesMap().get("AdaBayes, best").getXData(), 1e-15);
        // the curves' legends name the settings, and their ticks are rounded
        Results res = ResultsScanner.scan(List.of(tmp), true);
        XYChart curves = CurvePlots.panel(res.epochs(), G, Table1.byGroup(res.runs()).get(G),
                "test_error");
        assertTrue(curves.getSeriesMap().containsKey("AdaBayes (lr=0.003) (n=3)"),
                curves.getSeriesMap().keySet().toString());
        assertEquals("0", curves.getStyler().getXAxisDecimalPattern());
    }

    @Test
    void aDirectoryWithoutManifestIsNamedOnceAndCountedNowhere() throws IOException {
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete", new double[] {5},
                new double[] {0.2}, 3);
        Path stray = Fixtures.run(tmp, "cifar10", "resnet34", "adam", 1, "complete",
                new double[] {6}, new double[] {0.3}, 3);
        Files.delete(stray.resolve("manifest.json"));
        Cli r = cli("table", tmp.toString(), "--no-compare-paper");
        assertEquals(0, r.code(), r.err());
        assertEquals("table: skipped " + stray + ": no manifest.json, not a run\n", r.err());
        assertFalse(r.out().contains("| Adam |"), r.out());
        assertTrue(r.out().contains("Runs: 1 complete."), r.out());
    }

    /** A run that has started but finished no epoch is counted as running, even alone. */
    @Test
    void aRunWithNoEpochYetIsCountedAsRunning() throws IOException {
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "running", new double[0],
                new double[0], 3);
        Cli r = cli("table", tmp.toString(), "--no-compare-paper");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("| SGD | – (n=0, 1 running) | – (n=0, 1 running) |"),
                r.out());
    }

    @Test
    void oneDamagedRunCostsOnlyItsOwnNumberAndExitsOneAfterWriting() throws IOException {
        for (int seed = 1; seed <= 2; seed++) {
            Fixtures.run(tmp, "cifar10", "resnet34", "sgd", seed, "complete",
                    new double[] {5, 4}, new double[] {0.2, 0.1}, 3);
        }
        Path cut = Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 3, "complete",
                new double[] {5, 4}, new double[] {0.2, 0.1}, 3);
        String text = Files.readString(cut.resolve("epochs.csv"));
        Files.writeString(cut.resolve("epochs.csv"), text.substring(0, text.length() - 9));
        Path out = tmp.resolve("t.md");
        Cli r = cli("table", tmp.toString(), "--no-compare-paper", "--out", out.toString());
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().contains("table: damaged run, counted but not averaged: "
                + cut.resolve("epochs.csv") + ": the last line is cut short"), r.err());
        String md = Files.readString(out);
        assertTrue(md.contains("| SGD | **4.00 ± 0.00** (n=2, 1 damaged) |"), md);
        assertTrue(md.contains("Runs: 2 complete, 1 damaged."), md);
    }

    @Test
    void limitedRunsAreTabledOnlyWhenAskedAndTheCaptionSaysSo() throws IOException {
        for (int seed = 1; seed <= 2; seed++) {
            Path d = Fixtures.run(tmp, "cifar10", "resnet34", "sgd", seed, "complete",
                    new double[] {50, 40 + seed}, new double[] {2, 1.5}, 3);
            Fixtures.manifest(d, "complete", "\"maxBatchesPerEpoch\": 2");
        }
        Cli plain = cli("table", tmp.toString(), "--no-compare-paper");
        assertEquals(0, plain.code(), plain.err());
        assertTrue(plain.out().contains("| SGD | – (n=0, 2 limited) |"), plain.out());
        Cli smoke = cli("table", tmp.toString(), "--no-compare-paper", "--include-limited");
        assertEquals(0, smoke.code(), smoke.err());
        assertTrue(smoke.out().contains("| SGD (max-batches=2) | **41.50 ± 0.71** (n=2) |"),
                smoke.out());
        assertTrue(smoke.out().contains("Includes runs limited to a few batches per epoch"),
                smoke.out());
    }

    @Test
    void mixedProtocolsAreRefusedUnlessAllowed() throws IOException {
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete", new double[] {5},
                new double[] {0.2}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 2, "complete", new double[] {5},
                new double[] {0.2}, 4);
        Cli r = cli("table", tmp.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("runs with different protocols in one group"), r.err());
        assertEquals(0, cli("table", tmp.toString(), "--allow-mixed").code());
    }

    @Test
    void anInitFileIsPartOfTheSetting() throws IOException {
        for (int seed = 1; seed <= 2; seed++) {
            Fixtures.run(tmp, "cifar10", "resnet34", "sgd", seed, "complete", new double[] {5},
                    new double[] {0.2}, 3);
            Path d = Fixtures.run(tmp.resolve("init"), "cifar10", "resnet34", "sgd", seed,
                    "complete", new double[] {7}, new double[] {0.3}, 3);
            Fixtures.manifest(d, "complete", "\"initDigest\": \"0123456789abcdef\"");
        }
        Table1 t = build(null, null, null);
        Group g = new Group("cifar10", "resnet34");
        assertEquals(5.0, t.cell("SGD", g, ERROR).mean(), 1e-12);
        assertEquals(7.0, t.cell("SGD (init=01234567)", g, ERROR).mean(), 1e-12);
        assertEquals(2, t.cell("SGD (init=01234567)", g, LOSS).n());
    }

    @Test
    void timeToCountsRunsThatNeverReachTheTarget() throws IOException {
        // epoch_seconds is 1.0 per epoch in the fixtures
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete",
                new double[] {30, 18, 12, 9}, new double[] {1, 1, 1, 1}, 4);
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 2, "complete",
                new double[] {30, 25, 19, 10}, new double[] {1, 1, 1, 1}, 4);
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 3, "complete",
                new double[] {30, 25, 21, 21}, new double[] {1, 1, 1, 1}, 4);
        Results res = ResultsScanner.scan(List.of(tmp), false);
        List<TimeToTable.Row> rows = TimeToTable.build(res, 20);
        assertEquals(1, rows.size());
        TimeToTable.Row r = rows.get(0);
        assertEquals(3, r.runs());
        assertEquals(2, r.reached());
        assertEquals((2 + 3) / 2.0, r.seconds(), 1e-12);
        assertEquals((2 + 3) / 2.0, r.epochs(), 1e-12);
        Cli c = cli("table", tmp.toString(), "--metric", "time-to:20");
        assertEquals(0, c.code(), c.err());
        assertTrue(c.out().contains("| CIFAR-10 ResNet-34 | SGD | 2.5 | 2.5 | 2 of 3 (1 never) |"),
                c.out());
        assertEquals(2, cli("table", tmp.toString(), "--metric", "time-to:x").code());
    }

    /** Settings order by their values as numbers, not as text (1e-4 before 0.001). */
    @Test
    void settingsSortByValue() {
        List<String> parts = new ArrayList<>(List.of("0.01", "1e-4", "0.001"));
        parts.sort(Setting::compareValues);
        assertEquals(List.of("1e-4", "0.001", "0.01"), parts);
        assertEquals("1e-8", Setting.text(1e-8));
        assertEquals("0.0001", Setting.text(1e-4));
        assertEquals("0.1", Setting.text(0.1));
    }

    /** Ticks carry the decimals their spacing needs: 89.84, not 89.8438. */
    @Test
    void tickPatternsFollowTheRange() {
        assertEquals("0.#", Ticks.pattern(89.0, 90.0));
        assertEquals("0", Ticks.pattern(10, 60));
        assertEquals("0.###", Ticks.pattern(0.30, 0.31));
        assertEquals("0.##", Ticks.pattern(89.8, 89.9));
    }
}

package org.adabayes.report;

import static org.adabayes.report.Metric.ERROR;
import static org.adabayes.report.Metric.LOSS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.config.Method;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Table1Test {
    static final Method SGD = Method.of(OptimizerKind.SGD);
    static final Method ADAM = Method.of(OptimizerKind.ADAM);
    static final Method ADABAYES = Method.of(OptimizerKind.ADABAYES);

    @TempDir
    Path tmp;

    static final double NAN = Double.NaN;

    Table1 build(Reduction r, Boolean comparePaper, boolean allowMixed) {
        return Table1.build(ResultsScanner.scan(List.of(tmp), false),
                new Table1.Options(r, comparePaper, allowMixed, null, null, null));
    }

    static List<String> labels(Table1 t) {
        return t.rows().stream().map(Table1.Row::label).toList();
    }

    /** SGD beats every adaptive method on error; AdaBayes is the best adaptive on both. */
    void paperLikeResults() throws IOException {
        // min test error: sgd {4.0, 4.2}, adam {7.0, 7.4}, adabayes {5.0, 5.4}
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete",
                new double[] {9, 4.0, 4.5}, new double[] {0.5, 0.20, 0.22}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 2, "complete",
                new double[] {9, 4.4, 4.2}, new double[] {0.5, 0.24, 0.21}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adam", 1, "complete",
                new double[] {9, 7.0, 7.5}, new double[] {0.6, 0.30, 0.32}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adam", 2, "complete",
                new double[] {9, 7.4, 7.6}, new double[] {0.6, 0.34, 0.33}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adabayes", 1, "complete",
                new double[] {9, 5.0, 5.5}, new double[] {0.5, 0.10, 0.12}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adabayes", 2, "complete",
                new double[] {9, 5.6, 5.4}, new double[] {0.5, 0.14, 0.11}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adabayes", 3, "diverged",
                new double[] {9, NAN}, new double[] {0.5, NAN}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adam", 3, "running",
                new double[] {9}, new double[] {0.5}, 3);
    }

    @Test
    void cellsAreMeanAndSampleStdOfTheMinimumOverEpochs() throws IOException {
        paperLikeResults();
        Table1 t = build(Reduction.BEST, null, false);
        Group g = new Group("cifar10", "resnet34");
        assertEquals(List.of("SGD", "Adam", "AdaBayes"), labels(t));
        Table1.Cell sgd = t.cell("SGD", g, ERROR);
        assertEquals(2, sgd.n());
        assertEquals(4.1, sgd.mean(), 1e-12);
        assertEquals(Math.sqrt(0.02), sgd.std(), 1e-12);
        Table1.Cell adam = t.cell("Adam", g, ERROR);
        assertEquals(7.2, adam.mean(), 1e-12);
        assertEquals(1, adam.running());
        Table1.Cell ab = t.cell("AdaBayes", g, LOSS);
        assertEquals(0.105, ab.mean(), 1e-12);
        assertEquals(1, ab.diverged());
        // marks: AdaBayes best adaptive in both columns; SGD bold on error (beats all adaptive)
        assertTrue(t.cell("AdaBayes", g, ERROR).bold());
        assertTrue(t.cell("AdaBayes", g, LOSS).bold());
        assertTrue(sgd.bold());
        assertFalse(t.cell("SGD", g, LOSS).bold());
        assertFalse(adam.bold());
        // the groups are the paper's, so the paper's numbers are set beside
        assertTrue(t.comparesPaper());
        assertEquals(5.17, sgd.paper());
        assertEquals(4.84, t.cell("AdaBayes", g, ERROR).paper());
        String md = Table1Format.MD.render(t);
        assertTrue(md.contains("| SGD | **4.10 ± 0.14** (n=2) [paper 5.17, -1.07] |"), md);
    }

    @Test
    void finalEpochMetricUsesTheLastRow() throws IOException {
        paperLikeResults();
        Table1 t = build(Reduction.FINAL, false, false);
        Group g = new Group("cifar10", "resnet34");
        assertEquals((4.5 + 4.2) / 2, t.cell("SGD", g, ERROR).mean(), 1e-12);
        assertTrue(t.caption().startsWith("Table 1: final epoch"));
        assertEquals(null, t.cell("SGD", g, ERROR).paper());
    }

    @Test
    void pairedDifferencesAgainstAdaBayesUseSharedSeeds() throws IOException {
        paperLikeResults();
        Table1 t = build(Reduction.BEST, null, false);
        Table1.Paired p = t.paired().stream().filter(x -> x.method().method().equals(ADAM)
                && x.metric() == ERROR).findFirst().orElseThrow();
        assertEquals(ADABAYES, p.reference().method());
        assertEquals(2, p.n());
        // seed 1: 7.0 - 5.0 = 2.0; seed 2: 7.4 - 5.4 = 2.0
        assertEquals(2.0, p.mean(), 1e-12);
        assertEquals(0.0, p.se(), 1e-12);
    }

    @Test
    void mixedProtocolsInAGroupAreAnError() throws IOException {
        Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete", new double[] {5},
                new double[] {0.2}, 3);
        Fixtures.run(tmp, "cifar10", "resnet34", "adam", 1, "complete", new double[] {5},
                new double[] {0.2}, 4);
        UserInputException e = assertThrows(UserInputException.class,
                () -> build(Reduction.BEST, null, false));
        assertTrue(e.getMessage().startsWith("CIFAR-10 ResNet-34: runs with different protocols"),
                e.getMessage());
        assertEquals(2, build(Reduction.BEST, null, true).rows()
                .size());
    }

    @Test
    void corruptOrMissingInputsAreNamed() throws IOException {
        UserInputException empty = assertThrows(UserInputException.class,
                () -> ResultsScanner.scan(List.of(tmp), false));
        assertTrue(empty.getMessage().startsWith("no run directories"), empty.getMessage());
        Path dir = Fixtures.run(tmp, "cifar10", "resnet34", "sgd", 1, "complete",
                new double[] {5, 4}, new double[] {0.2, 0.1}, 3);
        Files.writeString(dir.resolve("epochs.csv"), Files.readString(dir.resolve("epochs.csv"))
                .replace("4.0,", "four,"));
        Results res = ResultsScanner.scan(List.of(tmp), false);
        assertEquals(dir.resolve("epochs.csv") + ": line 3, column test_error: not a number: "
                + "'four'", res.damaged().get(0).damaged());
    }

    /** LaTeX: a tabular with the marks as textbf, percent escaped, and the caption as a comment. */
    @Test
    void latexIsATabularWithTheSameCells() throws IOException {
        paperLikeResults();
        Table1 t = build(Reduction.BEST, false, false);
        String tex = Table1Format.LATEX.render(t);
        List<String> lines = tex.lines().toList();
        assertTrue(lines.get(0).startsWith("% Table 1: minimum over epochs"), lines.get(0));
        assertEquals("\\begin{tabular}{lrr}", lines.get(1));
        assertEquals("Optimizer & \\multicolumn{2}{c}{CIFAR-10 ResNet-34} \\\\", lines.get(3));
        assertEquals(" & error (\\%) & loss \\\\", lines.get(4));
        assertEquals("SGD & \\textbf{4.10 $\\pm$ 0.14} (n=2) & 0.205 $\\pm$ 0.007 (n=2) \\\\",
                lines.get(6));
        assertEquals(3, lines.stream().filter(l -> l.endsWith("\\\\") && !l.startsWith(" &")
                && !l.startsWith("Optimizer")).count(), "one row per optimizer");
        assertEquals("\\end{tabular}", lines.get(lines.size() - 1));
        String csv = Table1Format.CSV.render(t);
        assertTrue(csv.contains("\nSGD,cifar10,resnet34,error,2,4.10000,0.141421,0,0,0,0,true,,\n"),
                csv);
    }

    @Test
    void goldenMarkdownForASmallCase() throws IOException {
        Fixtures.run(tmp, "fashion-mnist", "resnet18", "sgd", 1, "complete",
                new double[] {20, 12.5, 11.25}, new double[] {0.6, 0.35, 0.33}, 3);
        Fixtures.run(tmp, "fashion-mnist", "resnet18", "adabayes-fp", 1, "complete",
                new double[] {18, 11.0, 11.5}, new double[] {0.5, 0.32, 0.31}, 3);
        Fixtures.run(tmp, "fashion-mnist", "resnet18", "adabayes-fp", 2, "complete",
                new double[] {18, 12.0, 11.75}, new double[] {0.5, 0.34, 0.36}, 3);
        Fixtures.run(tmp, "fashion-mnist", "resnet18", "adam", 1, "failed",
                new double[] {30}, new double[] {0.9}, 3);
        String md = Table1Format.MD.render(build(Reduction.BEST, null, false));
        try (InputStream in = getClass().getResourceAsStream("/golden/table-small.md")) {
            assertEquals(new String(in.readAllBytes(), StandardCharsets.UTF_8), md);
        }
    }

    /**
     * A variant is its own row, and its paired difference is taken against its own optimizer's
     * paper rule (AdamW+NAWD minus AdamW), not only against the AdaBayes pair.
     */
    @Test
    void variantsAreRowsPairedWithTheirPaperRule() throws IOException {
        for (long seed = 1; seed <= 3; seed++) {
            Fixtures.run(tmp, "cifar10", "resnet34", "adamw", seed, "complete",
                    new double[] {9, 6.0 + seed}, new double[] {0.5, 0.2}, 3);
            Fixtures.run(tmp, "cifar10", "resnet34", "adamw+nawd", seed, "complete",
                    new double[] {9, 5.5 + seed + 0.1 * seed}, new double[] {0.5, 0.2}, 3);
        }
        Table1 t = build(Reduction.BEST, null, false);
        Method adamw = Method.of(OptimizerKind.ADAMW);
        Method nawd = Method.of(org.adabayes.optim.OptimizerKind.ADAMW.defaults()
                .with("nawd", true));
        assertEquals("+NAWD", nawd.variant());
        assertEquals(List.of("AdamW", "AdamW+NAWD"), labels(t));
        Table1.Paired p = t.paired().stream().filter(x -> x.method().method().equals(nawd)
                && x.metric() == ERROR).findFirst().orElseThrow();
        assertEquals(adamw, p.reference().method());
        assertEquals(3, p.n());
        assertEquals(-0.5 + 0.2, p.mean(), 1e-12);   // mean of -0.4, -0.3, -0.2
        assertTrue(Table1Format.MD.render(t).contains("| AdamW+NAWD |"));
        // the paper's numbers are not set beside a variant
        assertEquals(null, t.cell("AdamW+NAWD", new Group("cifar10", "resnet34"), ERROR).paper());
    }
}

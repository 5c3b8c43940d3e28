package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCliTest {
    @TempDir
    Path tmp;

    @Test
    void indexSelectsExactlyOneRunAndFailuresMakeTheExitCodeNonZero() throws IOException {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, "base:\n  model: {name: resnet18, width: 0.125}\n"
                + "  dataset: {dir: " + tmp.resolve("nodata")
                + ", trainSubset: 64, testSubset: 20}\n"
                + "  schedule: {epochs: 1}\n  batchSize: 32\n"
                + "axes:\n  dataset.name: [synthetic, cifar100]\n  optimizer.name: [adam, sgd]\n");
        Path out = tmp.resolve("out");
        CliTest.Result dry = CliTest.run("sweep", grid.toString(), "--out", out.toString(),
                "--dry-run");
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().endsWith("4 runs\n"), dry.out());
        CliTest.Result one = CliTest.run("sweep", grid.toString(), "--out", out.toString(),
                "--index", "1", "--quiet");
        assertEquals(0, one.code(), one.err());
        try (Stream<Path> s = Files.walk(out)) {
            List<Path> csvs = s.filter(p -> p.endsWith("epochs.csv")).toList();
            assertEquals(List.of(out.resolve("synthetic-resnet18@0.125/sgd/seed-1/epochs.csv")),
                    csvs);
        }
        CliTest.Result all = CliTest.run("sweep", grid.toString(), "--out", out.toString(),
                "--quiet");
        assertEquals(1, all.code(), "cifar100 runs fail: the exit code says so");
        assertTrue(all.out().contains("sweep: 1 done, 1 skipped (complete), 0 resumed, 2 failed"),
                all.out());
        CliTest.Result bad = CliTest.run("sweep", grid.toString(), "--index", "9");
        assertEquals(2, bad.code());
        assertEquals("adabayes: --index 9: the sweep has 4 runs (0..3)\n", bad.err());
    }

    /** The README's main command in its reduced mode, through the real launcher. */
    @Test
    void theDemoScriptRunsEndToEnd() throws IOException, InterruptedException {
        Path out = tmp.resolve("demo");
        Process p = TestLauncher.bash("3g", "scripts/demo.sh", "--quick", "--out",
                out.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), log);
        String table = Files.readString(out.resolve("table1.md"));
        for (String o : List.of("SGD", "Adam", "AdamW", "AdaBayes-FP", "AdaBayes")) {
            assertTrue(table.contains("| " + o + " |"), table);
        }
        assertTrue(Files.size(out.resolve("figures/fig4-test.png")) > 10_000);
        assertTrue(log.contains("demo: done"), log);
    }

    /** bash -n always; shellcheck too where it is installed (.ci/run installs it). */
    @Test
    void scriptsAreValidBashAndShellcheckClean() throws IOException, InterruptedException {
        boolean shellcheck = new ProcessBuilder("sh", "-c", "command -v shellcheck").start()
                .waitFor() == 0;
        for (String s : List.of("bin/adabayes", "scripts/demo.sh", "scripts/sweep-local.sh",
                "scripts/reproduce-paper.sh", "scripts/slurm/sweep.sbatch", ".ci/run",
                "scripts/parity/paired.sh", "scripts/rss-profile.sh")) {
            List<List<String>> checks = shellcheck
                    ? List.of(List.of("bash", "-n", s), List.of("shellcheck", s))
                    : List.of(List.of("bash", "-n", s));
            for (List<String> cmd : checks) {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
            }
        }
    }
}

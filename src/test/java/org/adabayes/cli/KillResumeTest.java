package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with SIGKILL in the middle of training resumes where it stopped: through the real
 * launcher, in a separate JVM, so the atomic writes are what is tested.
 */
class KillResumeTest {
    @TempDir
    Path tmp;

    Process train(Path cfg, Path out) throws IOException {
        return TestLauncher.bash("2g", "bin/adabayes", "train", cfg.toString(), "--out",
                out.toString(), "--quiet").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("log-" + System.nanoTime()).toFile()).start();
    }

    @Test
    void aKilledRunResumesAndEveryEpochIsRecordedOnce() throws Exception {
        Path cfg = tmp.resolve("run.yaml");
        Files.writeString(cfg, "model: {name: resnet18, width: 0.125}\n"
                + "dataset: {name: synthetic, dir: " + tmp.resolve("data")
                + ", trainSubset: 512, testSubset: 100}\n"
                + "optimizer: {name: adabayes}\nschedule: {epochs: 4, decayEpochs: [3]}\n"
                + "batchSize: 64\n");
        Path out = tmp.resolve("run");
        Path csv = out.resolve("epochs.csv");
        Process p = train(cfg, out);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while ((!Files.exists(csv) || Files.readAllLines(csv).size() < 2)
                && System.nanoTime() < deadline && p.isAlive()) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the run ended before it could be killed");
        p.destroyForcibly().waitFor();
        List<String> before = Files.readAllLines(csv);
        assertTrue(before.size() >= 2 && before.size() < 5, before.toString());
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"running\""));

        Process again = train(cfg, out);
        assertEquals(0, again.waitFor(), "resumed run failed");
        List<String> rows = Files.readAllLines(csv);
        assertEquals(5, rows.size(), rows.toString());
        for (int e = 0; e < 4; e++) {
            assertTrue(rows.get(e + 1).startsWith(e + ","), rows.toString());
        }
        assertTrue(Files.readString(out.resolve("manifest.json")).contains("\"complete\""));
        try (var s = Files.list(out)) {
            assertEquals(List.of(), s.filter(f -> f.toString().endsWith(".tmp")).toList(),
                    "no temporary files left");
        }
    }
}

package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A side-by-side benchmark on a machine without PyTorch says so in one line and runs the
 * harness's side alone, rather than failing: the harness's numbers are still worth having.
 */
class BenchCliTest {
    @TempDir
    Path tmp;

    @AfterEach
    void restorePython() {
        System.clearProperty("adabayes.python");
    }

    @Test
    void withoutPyTorchTheHarnessSideRunsAlone() {
        System.setProperty("adabayes.python", tmp.resolve("no-python").toString());
        CliTest.Result opt = CliTest.run("bench", "optimizers", "--against-torch", "--optimizers",
                "sgd", "--steps", "1", "--work", tmp.resolve("w").toString());
        assertEquals(0, opt.code(), opt.err());
        assertTrue(opt.out().contains("PyTorch not found for " + tmp.resolve("no-python")),
                opt.out());
        assertTrue(opt.out().contains("running the harness side alone"), opt.out());
        assertTrue(opt.out().contains("\nsgd "), "the harness's row: " + opt.out());

        CliTest.Result models = CliTest.run("bench", "models", "--against-torch", "--cases",
                "resnet18@0.0625:2", "--steps", "2", "--work", tmp.resolve("w").toString());
        assertEquals(0, models.code(), models.err());
        assertTrue(models.out().contains("running the harness side alone"), models.out());
        assertTrue(models.out().contains("resnet18@0.0625"), "the harness's row: "
                + models.out());
    }

    @Test
    void modelsWritesAResultSetWithTheMachine() throws java.io.IOException {
        Path set = tmp.resolve("set");
        ai.djl.engine.Engine.getEngine("PyTorch");
        // the count libtorch has already: other tests in this JVM keep theirs
        String threads = String.valueOf(ai.djl.pytorch.jni.JniUtils.getNumThreads());
        CliTest.Result r = CliTest.run("bench", "models", "--models", "resnet18@0.25",
                "--batch-size", "2", "--steps", "1", "--rounds", "3", "--warmup", "0",
                "--threads", threads, "--out", set.toString());
        assertEquals(0, r.code(), r.err());
        java.util.List<String> csv = java.nio.file.Files.readAllLines(set.resolve("models.csv"));
        assertEquals(2, csv.size(), csv.toString());
        assertTrue(csv.get(0).startsWith("network,batch,optimizer,harness_ms_median,"), csv.get(0));
        String[] row = csv.get(1).split(",", -1);
        assertEquals("resnet18@0.25", row[0]);
        assertEquals("2", row[1]);
        assertEquals("sgd", row[2]);
        assertTrue(Double.parseDouble(row[3]) > 0, csv.get(1));
        assertEquals("", row[7], "no PyTorch side: " + csv.get(1));
        var m = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                set.resolve("bench-manifest.json").toFile());
        assertTrue(m.path("command").asText().contains("bench models --models resnet18@0.25"),
                m.toString());
        for (String k : new String[] {"cpu", "cores", "loadAverage", "jvm", "libtorch",
            "onednnCap", "allocator"}) {
            assertTrue(m.path("machine").has(k), k + " in " + m);
        }
        assertEquals(threads, m.path("machine").path("engine").path("intraOpThreads").asText(),
                m.toString());
        assertTrue(m.path("gitCommit").isTextual() && m.has("protocol"), m.toString());
    }
}

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
}

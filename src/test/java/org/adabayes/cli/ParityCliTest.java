package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.adabayes.Fixtures;
import org.adabayes.TorchOracle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parity and export as a user meets them: bad input is one line and exit 2. */
class ParityCliTest {
    @TempDir
    Path tmp;

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    static void oneLine(CliTest.Result r, String start) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("adabayes: " + start), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }

    @Test
    void badInputIsOneLineAndExitTwo() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path out = tmp.resolve("p");
        oneLine(run("parity", cfg.toString(), "--steps", "0", "--out", out.toString()),
                "--steps: must be >= 1, got 0");
        oneLine(run("parity", cfg.toString(), "--set", "optimizer.colour=red", "--out",
                out.toString()), cfg + ": optimizer.colour: unknown field");
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "x");
        oneLine(run("parity", cfg.toString(), "--out", file.resolve("sub").toString()),
                "--out " + file.resolve("sub") + ": " + file + " is a file, not a directory");
        String saved = System.getProperty("adabayes.python");
        System.setProperty("adabayes.python", tmp.resolve("no-python").toString());
        try {
            CliTest.Result r = run("parity", cfg.toString(), "--out", out.toString());
            oneLine(r, "parity: PyTorch not found for " + tmp.resolve("no-python"));
            assertTrue(r.err().contains("apt-get install python3-torch python3-numpy"), r.err());
        } finally {
            if (saved == null) {
                System.clearProperty("adabayes.python");
            } else {
                System.setProperty("adabayes.python", saved);
            }
        }
        oneLine(run("export", tmp.toString(), "--out", tmp.resolve("m.npz").toString()),
                tmp + ": no checkpoint.bin");
    }

    /** A trained run's export loads into the reference model with strict=True. */
    @Test
    void anExportedRunLoadsIntoThePyTorchModelStrictly() throws IOException {
        TorchOracle.require();
        Path cfg = Fixtures.tinyConfigFile(tmp, "adabayes", 1);
        Path dir = tmp.resolve("run");
        CliTest.Result t = run("train", cfg.toString(), "--out", dir.toString(), "--quiet");
        assertEquals(0, t.code(), t.err());
        Path npz = tmp.resolve("model.npz");
        CliTest.Result e = run("export", dir.toString(), "--out", npz.toString());
        assertEquals(0, e.code(), e.err());
        assertEquals("wrote " + npz + " (122 arrays)\n", e.out());
        String spec = "{\"name\": \"resnet18\", \"width\": 0.125, \"channels\": 3, "
                + "\"classes\": 10}";
        String loaded = TorchOracle.reference("load", npz.toString(), spec);
        assertEquals("0:ok 122 keys", loaded.strip());
        // the counters are the steps the checkpoint holds: 256 images in batches of 64
        String tracked = TorchOracle.reference("keys", spec);
        assertTrue(tracked.contains("bn1.num_batches_tracked"), tracked);
        assertEquals(4.0, org.adabayes.io.Npz.read(npz).get("bn1.num_batches_tracked")
                .toDoubles()[0]);
    }
}

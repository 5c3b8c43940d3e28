package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.adabayes.Fixtures;
import org.adabayes.TorchOracle;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
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
        oneLine(run("parity", cfg.toString(), "--epochs", "0", "--out", out.toString()),
                "--epochs: must be >= 1, got 0");
        oneLine(run("parity", cfg.toString(), "--epochs", "2", "--out", out.toString()),
                "--epochs: must be 1..1 (the config's schedule.epochs), got 2");
        oneLine(run("parity", cfg.toString(), "--epochs", "1", "--steps", "3", "--out",
                out.toString()), "--steps: cannot be used with --epochs");
        oneLine(run("parity", cfg.toString(), "--dump-batches", "--out", out.toString()),
                "--dump-batches: needs --epochs");
        oneLine(run("parity", cfg.toString(), "--epochs", "1", "--dump-batches", "--set",
                "dataset.trainSubset=300", "--out", out.toString()), "--dump-batches: the 300 "
                + "training images do not split into whole batches of 64");
        oneLine(run("parity", cfg.toString(), "--epochs", "200", "--dump-batches", "--set",
                "schedule.epochs=200", "--out", out.toString()), "--dump-batches: would write "
                + "1203 MiB (batches.npz and testset.npz), over the 1024 MiB limit");
        assertFalse(Files.exists(out), "a refused dump wrote " + out);
        oneLine(run("parity", cfg.toString(), "--set", "optimizer.colour=red", "--out",
                out.toString()), "--set optimizer.colour=red: unknown field");
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
            r = run("parity", cfg.toString(), "--epochs", "1", "--out", out.toString());
            oneLine(r, "parity: PyTorch not found for " + tmp.resolve("no-python"));
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

    /**
     * {@code train --init} round-trips with {@code export}: a run started from an exported run's
     * weights at a vanishing learning rate ends where it started, a seeded run does not, and a
     * file that does not fit is one line naming the first bad key.
     */
    @Test
    void initStartsFromExportedWeights() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path a = tmp.resolve("a");
        assertEquals(0, run("train", cfg.toString(), "--out", a.toString(), "--quiet").code());
        Path weights = tmp.resolve("a.npz");
        assertEquals(0, run("export", a.toString(), "--out", weights.toString()).code());
        String[] still = {"--set", "optimizer.lr=1e-12", "--set", "optimizer.weightDecay=0",
            "--quiet"};
        Path b = tmp.resolve("b");
        CliTest.Result rb = run(concat(new String[] {"train", cfg.toString(), "--out",
            b.toString(), "--init", weights.toString()}, still));
        assertEquals(0, rb.code(), rb.err());
        Path c = tmp.resolve("c");
        assertEquals(0, run(concat(new String[] {"train", cfg.toString(), "--out",
            c.toString()}, still)).code());
        Map<String, NpyArray> wa = Npz.read(weights);
        Map<String, NpyArray> wb = exported(b);
        Map<String, NpyArray> wc = exported(c);
        double fromInit = 0;
        double seeded = 0;
        for (String k : wa.keySet()) {
            if (k.contains("running_") || k.endsWith("num_batches_tracked")) {
                continue;   // BatchNorm statistics follow the batches whatever the rate
            }
            fromInit = Math.max(fromInit, maxDiff(wa.get(k), wb.get(k)));
            seeded = Math.max(seeded, maxDiff(wa.get(k), wc.get(k)));
        }
        assertTrue(fromInit < 1e-6, "a run from --init moved its weights by " + fromInit);
        assertTrue(seeded > 1e-2, "the seeded run has the exported weights: " + seeded);

        Map<String, NpyArray> bad = new LinkedHashMap<>(wa);
        bad.remove("linear.bias");
        oneLine(initWith(cfg, bad, "missing"), "--init " + tmp.resolve("missing.npz")
                + ": missing linear.bias");
        bad = new LinkedHashMap<>(wa);
        bad.put("head.weight", wa.get("linear.bias"));
        oneLine(initWith(cfg, bad, "extra"), "--init " + tmp.resolve("extra.npz")
                + ": head.weight is not a key of the network's state_dict");
        bad = new LinkedHashMap<>(wa);
        bad.put("linear.bias", wa.get("bn1.weight"));
        oneLine(initWith(cfg, bad, "shape"), "--init " + tmp.resolve("shape.npz")
                + ": linear.bias has shape (8), the network's is (10)");
        Path truncated = tmp.resolve("truncated.npz");
        byte[] all = Files.readAllBytes(weights);
        Files.write(truncated, java.util.Arrays.copyOf(all, all.length / 2));
        oneLine(run("train", cfg.toString(), "--out", tmp.resolve("t").toString(), "--init",
                truncated.toString()), truncated.toString());
        oneLine(run("train", cfg.toString(), "--out", tmp.resolve("n").toString(), "--init",
                tmp.resolve("nothing.npz").toString()), tmp.resolve("nothing.npz").toString());
        assertFalse(Files.exists(tmp.resolve("t")), "a refused start left a directory");
    }

    private CliTest.Result initWith(Path cfg, Map<String, NpyArray> arrays, String name)
            throws IOException {
        Path f = tmp.resolve(name + ".npz");
        Npz.write(f, arrays);
        return run("train", cfg.toString(), "--out", tmp.resolve("run-" + name).toString(),
                "--init", f.toString());
    }

    private Map<String, NpyArray> exported(Path run) throws IOException {
        Path f = tmp.resolve(run.getFileName() + ".npz");
        assertEquals(0, run("export", run.toString(), "--out", f.toString()).code());
        return Npz.read(f);
    }

    private static double maxDiff(NpyArray x, NpyArray y) {
        double[] a = x.toDoubles();
        double[] b = y.toDoubles();
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
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

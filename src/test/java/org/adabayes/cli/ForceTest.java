package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.adabayes.Fixtures;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --force} reads and checks everything (config, overrides, data, --init, output
 * location) before it touches the old run: each bad input train refuses leaves a complete run
 * exactly as it was. Once the checks pass, the old run is removed manifest first, so a removal
 * cut short leaves leftovers that the next start removes, never a mixture of two runs.
 */
class ForceTest {
    @TempDir
    Path tmp;

    /** Every file of the directory (the lock aside, which each writer stamps) with its bytes. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!f.getFileName().toString().equals(RunDir.LOCK)) {
                    out.put(dir.relativize(f).toString(),
                            Arrays.toString(Files.readAllBytes(f)));
                }
            }
        }
        return out;
    }

    static CliTest.Result train(String... args) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(List.of(args));
        a.add("--quiet");
        return CliTest.run(a.toArray(String[]::new));
    }

    @Test
    void everyBadInputLeavesTheOldRunAsItWas() throws IOException {
        Path good = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path run = tmp.resolve("run");
        CliTest.Result first = train(good.toString(), "--out", run.toString());
        assertEquals(0, first.code(), first.err());
        Map<String, String> before = snapshot(run);
        assertTrue(before.containsKey(RunDir.CHECKPOINT) && before.containsKey(RunDir.LOG),
                before.keySet().toString());

        String base = Files.readString(good);
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("no such config", new String[] {tmp.resolve("none.yaml").toString()});
        bad.put("a bad value", new String[] {write("lr.yaml",
                base.replace("{name: sgd}", "{name: sgd, lr: -1}"))});
        bad.put("an unknown field", new String[] {write("field.yaml",
                base.replace("seed: 3", "seed: 3\nsede: 4"))});
        bad.put("a bad --set", new String[] {good.toString(), "--set", "batchSize=0"});
        bad.put("missing CIFAR", new String[] {write("cifar.yaml", base.replace(
                "name: synthetic, dir: " + tmp.resolve("data"),
                "name: cifar10, dir: " + tmp.resolve("no-cifar")))});
        bad.put("a batch larger than the data", new String[] {write("batch.yaml",
                base.replace("batchSize: 64", "batchSize: 4096"))});
        bad.put("a decay outside the run", new String[] {write("decay.yaml",
                base.replace("decayEpochs: []", "decayEpochs: [5]"))});
        bad.put("no --init file", new String[] {good.toString(), "--init",
                tmp.resolve("none.npz").toString()});
        Path garbled = tmp.resolve("garbled.npz");
        Files.writeString(garbled, "not a zip");
        bad.put("a garbled --init", new String[] {good.toString(), "--init", garbled.toString()});
        Path wrong = tmp.resolve("wrong.npz");
        Npz.write(wrong, Map.of("head.weight", NpyArray.ofFloats(new float[4], 2, 2)));
        bad.put("an --init of another network", new String[] {good.toString(), "--init",
                wrong.toString()});
        bad.put("negative --max-batches", new String[] {good.toString(), "--max-batches",
                "-1"});
        for (Map.Entry<String, String[]> e : bad.entrySet()) {
            List<String> args = new ArrayList<>(List.of(e.getValue()));
            args.addAll(List.of("--out", run.toString(), "--force"));
            CliTest.Result r = train(args.toArray(String[]::new));
            assertEquals(2, r.code(), e.getKey() + ": " + r.err());
            assertEquals(1, r.err().lines().count(), e.getKey() + ": " + r.err());
            assertEquals(before, snapshot(run), e.getKey() + " changed the old run");
        }

        // an output location that cannot be written: the old run elsewhere is not touched
        CliTest.Result proc = train(good.toString(), "--out", "/proc/adabayes-run", "--force");
        assertEquals(2, proc.code(), proc.err());
        assertTrue(proc.err().startsWith("adabayes: --out /proc/adabayes-run: /proc is not "
                + "writable"), proc.err());

        // good input: the old run goes and the new one is complete, with its own files only
        String other = write("other.yaml", base.replace("seed: 3", "seed: 4"));
        CliTest.Result forced = train(other, "--out", run.toString(), "--force");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(RunState.COMPLETE, new RunDir(run).readManifest().status());
        assertTrue(Files.readString(run.resolve(RunDir.CONFIG)).contains("seed: 4"));
        assertFalse(Files.readString(run.resolve(RunDir.LOG)).contains("seed 3"),
                "the old run's log went with it");
    }

    /**
     * A --force removal cut short after the manifest (the commit point), or after the config
     * too: the next start finds leftovers, not a run, and starts cleanly.
     */
    @Test
    void aRemovalCutShortLeavesLeftoversTheNextStartRemoves() throws IOException {
        Path good = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path run = tmp.resolve("run");
        assertEquals(0, train(good.toString(), "--out", run.toString()).code());
        String other = write("other.yaml", Files.readString(good).replace("seed: 3", "seed: 4"));

        Files.delete(run.resolve(RunDir.MANIFEST));
        CliTest.Result refused = train(other, "--out", run.toString());
        assertEquals(2, refused.code(), "the old config still says which run this was");
        assertTrue(refused.err().contains("use --force"), refused.err());

        Files.delete(run.resolve(RunDir.CONFIG));
        CliTest.Result clean = train(other, "--out", run.toString());
        assertEquals(0, clean.code(), clean.err());
        assertFalse(clean.err().contains("resuming"), clean.err());
        assertEquals(1, new RunDir(run).readEpochs().size());
        assertTrue(Files.readString(run.resolve(RunDir.CONFIG)).contains("seed: 4"));
    }

    private String write(String name, String text) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, text);
        return f.toString();
    }
}

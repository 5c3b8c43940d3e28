package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.adabayes.Fixtures;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run directory under hostile use: a second writer, a full disk, a truncated checkpoint, a
 * garbled manifest, a foreign config, a limited run taken for a full one, a diverging run. Each
 * ends in one line and the documented exit code, and loses nothing that was on disk.
 */
class FaultTest {
    @TempDir
    Path tmp;

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    String train(Path cfg, Path out, String... more) {
        CliTest.Result r = run(concat(new String[] {"train", cfg.toString(), "--out",
            out.toString(), "--quiet"}, more));
        return r.code() + ":" + r.err();
    }

    static String[] concat(String[] a, String[] b) {
        String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * While one process trains in a directory, a second (with or without --force) is refused
     * with the holder's pid and touches nothing; once the holder is killed, its lock does not
     * block the resume.
     */
    @Test
    void oneWriterPerRunDirectory() throws Exception {
        Path cfg = Fixtures.tinyConfigFile(tmp, "adam", 6);
        Files.writeString(cfg, Files.readString(cfg).replace("trainSubset: 256",
                "trainSubset: 1024"));
        Path out = tmp.resolve("run");
        Process p = TestLauncher.bash("2g", "bin/adabayes", "train", cfg.toString(), "--out",
                out.toString(), "--quiet").redirectErrorStream(true)
                .redirectOutput(tmp.resolve("holder.log").toFile()).start();
        Path lock = out.resolve(RunDir.LOCK);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!(Files.exists(out.resolve(RunDir.MANIFEST)) && Files.exists(lock)
                && Files.readString(lock).startsWith("pid ")) && p.isAlive()
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertTrue(p.isAlive(), "the holder ended before the test could start a second writer");
        String config = Files.readString(out.resolve(RunDir.CONFIG));
        String second = train(cfg, out);
        String want = "2:adabayes: " + out + ": another run is writing here (pid " + p.pid()
                + " on ";
        assertTrue(second.startsWith(want), second);
        assertEquals(2, second.lines().count() + 1, second);
        String forced = train(cfg, out, "--force");
        assertTrue(forced.startsWith(want), forced);
        assertEquals(config, Files.readString(out.resolve(RunDir.CONFIG)));
        assertTrue(Files.exists(out.resolve(RunDir.MANIFEST)),
                "--force deleted the holder's files");
        p.destroyForcibly().waitFor();
        String resumed = train(cfg, out);
        assertTrue(resumed.startsWith("0:"), resumed);
        assertEquals(RunState.COMPLETE, new RunDir(out).readManifest().status());
        assertEquals(6, new RunDir(out).readEpochs().size());
    }

    /**
     * A disk that fills while a checkpoint is written (a 1.5 MB tmpfs; the checkpoint needs more):
     * the run fails with one line naming the file, the files already there stay whole, and the
     * run resumes on a bigger disk. Needs root to mount; skipped with the reason otherwise.
     */
    @Test
    void aFullDiskLosesNothing() throws Exception {
        Path mnt = tmp.resolve("small");
        Files.createDirectories(mnt);
        Process m = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1536k", "tmpfs",
                mnt.toString()).redirectErrorStream(true).start();
        String why = new String(m.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(m.waitFor() == 0, "cannot mount a small tmpfs here (" + why.strip()
                + "): the disk-full case needs root");
        try {
            Path cfg = Fixtures.tinyConfigFile(tmp, "adam", 2);
            Path out = mnt.resolve("run");
            String r = train(cfg, out);
            List<String> lines = r.lines().toList();
            assertTrue(r.startsWith("1:"), r);
            assertEquals("adabayes: I/O error: " + out.resolve(RunDir.CHECKPOINT)
                    + ": No space left on device", lines.get(lines.size() - 1), r);
            List<String> rows = Files.readAllLines(out.resolve(RunDir.EPOCHS));
            assertEquals(2, rows.size(), "the epoch row written before the checkpoint is whole");
            assertEquals(RunState.FAILED, new RunDir(out).readManifest().status());
            Path moved = tmp.resolve("moved");
            copy(out, moved);
            String resumed = train(cfg, moved);
            assertTrue(resumed.startsWith("0:"), resumed);
            assertEquals(2, new RunDir(moved).readEpochs().size());
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }

    static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var s = Files.list(from)) {
            for (Path f : s.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /**
     * A truncated checkpoint, a garbled manifest and a foreign config.yaml are each one line that
     * names the file and says how to start over, exit 2, with every file left as it was; --force
     * starts over.
     */
    @Test
    void brokenRunFilesAreNamedAndLeftAlone() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "adabayes", 3);
        Path out = tmp.resolve("run");
        String first = train(cfg, tmp.resolve("whole"));
        assertTrue(first.startsWith("0:"), first);
        copy(tmp.resolve("whole"), out);
        Path ckpt = out.resolve(RunDir.CHECKPOINT);
        String manifest = Files.readString(out.resolve(RunDir.MANIFEST))
                .replace("\"complete\"", "\"running\"");
        Files.writeString(out.resolve(RunDir.MANIFEST), manifest);
        try (RandomAccessFile f = new RandomAccessFile(ckpt.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        long size = Files.size(ckpt);
        String r = train(cfg, out);
        assertEquals("2:adabayes: " + ckpt + ": truncated; train --force starts the run over\n",
                r);
        assertEquals(size, Files.size(ckpt));
        assertEquals(manifest, Files.readString(out.resolve(RunDir.MANIFEST)));

        Files.writeString(out.resolve(RunDir.MANIFEST), "{\"status\": ");
        r = train(cfg, out);
        assertTrue(r.startsWith("2:adabayes: " + out.resolve(RunDir.MANIFEST) + ": not a "
                + "manifest this harness wrote ("), r);
        assertTrue(r.endsWith("; train --force starts the run over\n"), r);
        assertEquals(2, r.lines().count() + 1, r);

        Files.delete(out.resolve(RunDir.MANIFEST));
        String foreign = Files.readString(out.resolve(RunDir.CONFIG)).replace("seed: 3",
                "seed: 4");
        Files.writeString(out.resolve(RunDir.CONFIG), foreign);
        r = train(cfg, out);
        assertEquals("2:adabayes: " + out + ": holds the config.yaml of a different run and no "
                + "manifest; use --force to overwrite it or --out for another directory\n", r);
        assertEquals(foreign, Files.readString(out.resolve(RunDir.CONFIG)));

        assertTrue(train(cfg, out, "--force").startsWith("0:"));
        assertEquals(RunState.COMPLETE, new RunDir(out).readManifest().status());
    }

    /** A start that fails on its data leaves no directory behind. */
    @Test
    void aFailedStartLeavesNoHalfMadeDirectory() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path out = tmp.resolve("never");
        String r = train(cfg, out, "--set", "dataset.name=cifar10", "--set",
                "dataset.dir=" + tmp.resolve("none"));
        assertTrue(r.startsWith("2:adabayes: CIFAR-10 not found at "), r);
        assertFalse(Files.exists(out), "the failed start left " + out);
    }

    /**
     * --max-batches is part of a run's identity: a limited run is never complete for the full
     * request (refused, not skipped), and the table counts it apart.
     */
    @Test
    void aLimitedRunIsNeverTakenForAFullOne() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "sgd", 1);
        Path out = tmp.resolve("limited");
        assertTrue(train(cfg, out, "--max-batches", "1").startsWith("0:"));
        String again = train(cfg, out);
        assertTrue(again.startsWith("2:adabayes: " + out + ": holds a different run (config "
                + "hash "), again);
        assertTrue(again.contains(" limited to 1 batches per epoch, this one "), again);
        assertEquals(1, new RunDir(out).readManifest().maxBatchesPerEpoch());
        CliTest.Result t = run("table", out.toString(), "--no-compare-paper");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("| – (n=0, 1 limited) |"), t.out());
    }

    /**
     * An exploding loss ends the run as diverged before a checkpoint of that epoch is written,
     * exit 3; a sweep with a diverged run and no failed one exits 3 too.
     */
    @Test
    void divergenceIsCaughtBeforeAnyCheckpointOfIt() throws IOException {
        Path cfg = Fixtures.tinyConfigFile(tmp, "sgd", 2);
        Path out = tmp.resolve("div");
        String r = train(cfg, out, "--set", "optimizer.lr=1e6");
        assertTrue(r.startsWith("3:"), r);
        assertFalse(Files.exists(out.resolve(RunDir.CHECKPOINT)));
        var m = new RunDir(out).readManifest();
        assertEquals(RunState.DIVERGED, m.status());
        assertTrue(m.message().contains("in epoch 0"), m.message());
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, "base:\n  model: {name: resnet18, width: 0.125}\n"
                + "  dataset: {name: synthetic, dir: " + tmp.resolve("data") + ", trainSubset: "
                + "256, testSubset: 100}\n  schedule: {epochs: 1}\n  batchSize: 64\n"
                + "  optimizer: {name: sgd}\n"
                + "axes:\n  optimizer.lr: [0.01, 1.0e6]\n");
        CliTest.Result s = run("sweep", grid.toString(), "--out", tmp.resolve("sweep")
                .toString(), "--quiet");
        assertEquals(3, s.code(), s.out() + s.err());
        assertTrue(s.out().contains("1 done, 0 skipped (complete), 0 resumed, 0 failed, 1 "
                + "diverged"), s.out());
    }
}

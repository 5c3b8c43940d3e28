package org.adabayes.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.adabayes.config.ConfigLoader;
import org.adabayes.model.ModelSpec;
import org.adabayes.config.RunConfig;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import org.adabayes.train.RunLoop;
import org.adabayes.train.RunOptions;
import org.adabayes.train.RunResult;
import org.adabayes.train.StopSignals;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real signals to a real training process (the launcher, in a JVM of its own, started with the
 * default signal dispositions a terminal or Slurm gives it): SIGINT, SIGTERM or SIGUSR1 at a
 * random step ends it with 130, 143 or 138, no crash banner, one line on stderr and the manifest
 * marked interrupted; the same command run again resumes, and the run ends bit for bit where an
 * uninterrupted run of the same config ends: every column of epochs.csv but the timing ones, and
 * the final checkpoint (weights, BatchNorm buffers, optimizer state and step counts) byte for byte.
 * For every optimizer of the registry in float32 (the fused CPU kernels) with real signals, and in
 * float64 (the multi-tensor step) through the stop request those signals feed; with real signals
 * again while evaluating, twice within one epoch (in float64), and in a sweep.
 */
class SignalResumeTest {
    static final Pattern LINE = Pattern.compile(
            "interrupted at epoch (\\d+), step (\\d+) of (\\d+); rerun the same command to resume");
    static final List<String> TIMING = List.of("epoch_seconds", "train_images_per_second",
            "train_seconds", "eval_seconds", "checkpoint_seconds");
    static final String MODEL = "{name: resnet18, width: 0.125}";
    /** The oneDNN cap of this JVM, which the child processes must share to match bit for bit. */
    static String cap;

    @TempDir
    Path tmp;

    @BeforeAll
    static void sameKernelsEverywhere() {
        OneDnnIsa.apply(List.of(new ModelSpec("resnet18", 0.125, null, null)), null);
        cap = OneDnnIsa.cap();
    }

    static Stream<Arguments> everyOptimizer() {
        List<Arguments> out = new ArrayList<>();
        String[] signals = {"INT", "TERM", "USR1"};
        int i = 0;
        for (OptimizerKind k : OptimizerKind.values()) {
            out.add(Arguments.of(k.id(), signals[i % 3], i));
            i++;
        }
        return out.stream();
    }

    Path config(String name, String optimizer, String precision, String data)
            throws IOException {
        Path f = tmp.resolve(name + ".yaml");
        Files.writeString(f, "model: " + MODEL + "\n"
                + "dataset: {name: synthetic, dir: " + tmp.resolve("data") + ", " + data + "}\n"
                + "optimizer: {name: " + optimizer + "}\n"
                + "schedule: {epochs: 2, decayEpochs: [1]}\n"
                + "batchSize: 16\ntestBatchSize: 16\nseed: 5\n"
                + "engine: {precision: " + precision + "}\n");
        return f;
    }

    /** The launcher in a child with SIGINT, SIGTERM and SIGUSR1 at their defaults. */
    Process start(Path cfg, Path out, Path err) throws IOException {
        ProcessBuilder pb = TestLauncher.bash("2g", "bin/adabayes", "train", cfg.toString(),
                "--out", out.toString(), "--quiet");
        List<String> cmd = new ArrayList<>(List.of("perl", "-e",
                "$SIG{$_} = 'DEFAULT' for qw(INT TERM USR1); exec @ARGV or die $!"));
        cmd.addAll(pb.command());
        pb.command(cmd);
        if (cap != null) {
            pb.environment().put("ONEDNN_MAX_CPU_ISA", cap);
        }
        return pb.redirectOutput(tmp.resolve("out-" + System.nanoTime()).toFile())
                .redirectError(err.toFile()).start();
    }

    static void kill(Process p, String signal) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                .start().waitFor());
    }

    /** Waits until the run's log.txt holds {@code text} (at most 120 s). */
    static void awaitLog(Process p, Path dir, String text, int times) throws Exception {
        Path log = dir.resolve(RunDir.LOG);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline && p.isAlive()) {
            if (Files.exists(log) && count(Files.readString(log), text) >= times) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no '" + text + "' in " + log + " (alive " + p.isAlive() + ")");
    }

    static int count(String s, String text) {
        int n = 0;
        for (int i = s.indexOf(text); i >= 0; i = s.indexOf(text, i + 1)) {
            n++;
        }
        return n;
    }

    /** What a stopped child left: its exit code was the signal's, with one line and no crash. */
    static Manifest.Position stopped(Process p, Path err, Path dir, int code) throws Exception {
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child did not exit");
        String e = Files.readString(err);
        assertEquals(code, p.exitValue(), e);
        assertFalse(e.contains("SIGSEGV") || e.contains("fatal error") || e.contains("hs_err"),
                e);
        Matcher m = LINE.matcher(e);
        assertTrue(m.find(), e);
        assertFalse(m.find(), "one interruption line: " + e);
        Manifest man = new RunDir(dir).readManifest();
        assertEquals(RunState.INTERRUPTED, man.status());
        Manifest.Position at = man.interruptedAt();
        assertNotNull(at);
        m = LINE.matcher(e);
        assertTrue(m.find());
        assertEquals(at.epoch() + 1, Integer.parseInt(m.group(1)), e);
        assertEquals(at.step(), Integer.parseInt(m.group(2)), e);
        assertEquals(at.of(), Integer.parseInt(m.group(3)), e);
        assertTrue(Files.readString(dir.resolve(RunDir.LOG)).contains(m.group()),
                "log.txt keeps the interruption line");
        return at;
    }

    /** Runs the same command again, in this JVM, to the end. */
    static void resume(Path cfg, Path dir) {
        CliTest.Result r = CliTest.run("train", cfg.toString(), "--out", dir.toString(),
                "--quiet");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming " + dir), r.err());
    }

    /** The uninterrupted run of the same config, in this JVM. */
    static Path reference(Path cfg, Path dir) {
        CliTest.Result r = CliTest.run("train", cfg.toString(), "--out", dir.toString(),
                "--quiet");
        assertEquals(0, r.code(), r.err());
        return dir;
    }

    /** epochs.csv without its timing columns, and the final checkpoint's bytes, agree. */
    static void sameEnd(Path expected, Path actual) throws IOException {
        assertEquals(withoutTiming(expected), withoutTiming(actual));
        assertArrayEquals(Files.readAllBytes(expected.resolve(RunDir.CHECKPOINT)),
                Files.readAllBytes(actual.resolve(RunDir.CHECKPOINT)),
                "the final weights, buffers and optimizer state");
        assertEquals(RunState.COMPLETE, new RunDir(actual).readManifest().status());
    }

    /** Milliseconds the reference spent training epoch {@code e} (how long a window to aim at). */
    static long trainMillis(Path ref, int e) throws IOException {
        return Math.round(new RunDir(ref).readEpochs().get(e).trainSeconds() * 1000);
    }

    static List<String> withoutTiming(Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve(RunDir.EPOCHS));
        List<String> header = List.of(lines.get(0).split(","));
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String[] f = l.split(",");
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < f.length; i++) {
                if (!TIMING.contains(header.get(i))) {
                    sb.append(f[i]).append(',');
                }
            }
            out.add(sb.toString());
        }
        assertEquals(3, out.size(), "a header and two epochs: " + lines);
        return out;
    }

    /**
     * The fused float32 CPU path: a real signal at a random step of a real process, then the
     * same command again.
     */
    @ParameterizedTest(name = "{0} float32 SIG{1}")
    @MethodSource("everyOptimizer")
    void aSignalAtARandomStepResumesBitForBit(String optimizer, String signal, int index)
            throws Exception {
        Path cfg = config("run", optimizer, "float32", "trainSubset: 128, testSubset: 32");
        Path ref = reference(cfg, tmp.resolve("ref"));
        long window = trainMillis(ref, 0) + trainMillis(ref, 1);
        Random random = new Random(1234 + index);
        Path dir = tmp.resolve("stopped");
        Path err = tmp.resolve("err.txt");
        Process p = start(cfg, dir, err);
        awaitLog(p, dir, "started ", 1);
        Thread.sleep(random.nextInt((int) Math.max(1, window * 3 / 4)));
        kill(p, signal);
        if (index % 3 == 1) {
            // a second signal, while the checkpoint is being written, changes nothing
            Thread.sleep(random.nextInt(20));
            kill(p, "TERM");
        }
        int code = switch (signal) {
            case "INT" -> 130;
            case "TERM" -> 143;
            default -> 138;
        };
        Manifest.Position at = stopped(p, err, dir, code);
        assertEquals(8, at.of());
        resume(cfg, dir);
        sameEnd(ref, dir);
        String log = Files.readString(dir.resolve(RunDir.LOG));
        assertTrue(log.indexOf("started ") < log.indexOf("interrupted at")
                && log.indexOf("interrupted at") < log.indexOf("resuming "), log);
    }

    /**
     * The float64 multi-tensor path, every optimizer: the stop request the signal handler feeds,
     * raised at a random step boundary (training or evaluation) of a run in this process, and
     * the run resumed from its mid-epoch checkpoint. The signal itself is the same for every
     * rule and is sent for real in the other tests here, one of them in float64.
     */
    @ParameterizedTest(name = "{0} float64")
    @MethodSource("everyOptimizer")
    void aStopAtARandomStepResumesBitForBitInFloat64(String optimizer, String signal,
            int index) throws Exception {
        Path cfg = config("run64", optimizer, "float64", "trainSubset: 128, testSubset: 32");
        Path ref = reference(cfg, tmp.resolve("ref"));
        RunConfig rc = ConfigLoader.load(cfg, List.of());
        // 2 epochs of 8 steps and 2 evaluation batches, each boundary polled once
        int at = 1 + new Random(99 + index).nextInt(19);
        int[] polls = {0};
        Path dir = tmp.resolve("stopped");
        RunResult r = new RunLoop(rc, dir, new RunOptions(false, 0, true, e -> {}, null,
                () -> ++polls[0] > at ? StopSignals.Kind.valueOf(signal) : null),
                new PrintStream(OutputStream.nullOutputStream())).run();
        assertEquals(RunState.INTERRUPTED, r.state(), "stopped at poll " + at);
        assertEquals(StopSignals.Kind.valueOf(signal), r.stoppedBy());
        assertEquals(RunState.INTERRUPTED, new RunDir(dir).readManifest().status());
        resume(cfg, dir);
        sameEnd(ref, dir);
    }

    /**
     * Interrupted twice in one epoch: the second stop comes from the resumed process, within the
     * epoch the first stopped in, and the second resume still ends where the reference does.
     */
    @Test
    void twiceWithinOneEpoch() throws Exception {
        Path cfg = config("long", "adabayes", "float64", "trainSubset: 640, testSubset: 32");
        Path ref = reference(cfg, tmp.resolve("ref"));
        Path dir = tmp.resolve("twice");
        Path err = tmp.resolve("err1.txt");
        Process p = start(cfg, dir, err);
        long epoch = trainMillis(ref, 0);
        awaitLog(p, dir, "started ", 1);
        Thread.sleep(epoch / 4);
        kill(p, "INT");
        Manifest.Position first = stopped(p, err, dir, 130);
        Path err2 = tmp.resolve("err2.txt");
        Process q = start(cfg, dir, err2);
        awaitLog(q, dir, "resuming ", 1);
        Thread.sleep(epoch / 4);
        kill(q, "TERM");
        Manifest.Position second = stopped(q, err2, dir, 143);
        assertEquals(first.epoch(), second.epoch(), first + " then " + second);
        assertTrue(second.step() > first.step() && second.step() < second.of(),
                first + " then " + second);
        resume(cfg, dir);
        sameEnd(ref, dir);
    }

    /** A sweep that gets a signal checkpoints its current run and starts no further one. */
    @Test
    void aSweepStopsAfterItsCurrentRun() throws Exception {
        Path grid = tmp.resolve("grid.yaml");
        Files.writeString(grid, "base:\n  model: " + MODEL + "\n"
                + "  dataset: {name: synthetic, dir: " + tmp.resolve("data")
                + ", trainSubset: 256, testSubset: 32}\n"
                + "  schedule: {epochs: 2, decayEpochs: [1]}\n  batchSize: 16\n"
                + "axes:\n  optimizer.name: [sgd, adam]\n");
        Path out = tmp.resolve("sweep");
        ProcessBuilder pb = TestLauncher.bash("2g", "bin/adabayes", "sweep", grid.toString(),
                "--out", out.toString(), "--quiet");
        List<String> cmd = new ArrayList<>(List.of("perl", "-e",
                "$SIG{$_} = 'DEFAULT' for qw(INT TERM USR1); exec @ARGV or die $!"));
        cmd.addAll(pb.command());
        pb.command(cmd);
        Path err = tmp.resolve("sweep-err.txt");
        Process p = pb.redirectOutput(tmp.resolve("sweep-out.txt").toFile())
                .redirectError(err.toFile()).start();
        Path first;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (true) {
            try (Stream<Path> s = Files.exists(out) ? Files.walk(out) : Stream.empty()) {
                first = s.filter(f -> f.getFileName().toString().equals(RunDir.LOG)).findFirst()
                        .map(Path::getParent).orElse(null);
            }
            if (first != null || System.nanoTime() > deadline || !p.isAlive()) {
                break;
            }
            Thread.sleep(5);
        }
        assertNotNull(first, "the sweep's first run never started");
        awaitLog(p, first, "started ", 1);
        kill(p, "INT");
        stopped(p, err, first, 130);
        String said = Files.readString(tmp.resolve("sweep-out.txt"));
        assertTrue(said.contains("1 interrupted") && said.contains("stopped by SIGINT"), said);
        try (Stream<Path> s = Files.walk(out)) {
            assertEquals(1, s.filter(f -> f.getFileName().toString().equals(RunDir.MANIFEST))
                    .count(), "a second run was started");
        }
        CliTest.Result again = CliTest.run("sweep", grid.toString(), "--out", out.toString(),
                "--quiet");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("1 done") && again.out().contains("1 resumed"),
                again.out());
    }

    /**
     * A signal during the evaluation after an epoch's last step: the checkpoint holds the trained
     * epoch, and the resume evaluates it again and goes on.
     */
    @Test
    void duringTheEvaluation() throws Exception {
        // two training steps an epoch, a long evaluation
        Path cfg = config("evaluating", "adam", "float32",
                "trainSubset: 32, testSubset: 3000");
        Path ref = reference(cfg, tmp.resolve("ref"));
        long train = trainMillis(ref, 0);
        long eval = Math.round(new RunDir(ref).readEpochs().get(0).evalSeconds() * 1000);
        Manifest.Position at = null;
        for (int attempt = 0; attempt < 4 && (at == null || at.step() < at.of()); attempt++) {
            Path dir = tmp.resolve("eval-" + attempt);
            Path err = tmp.resolve("err-" + attempt + ".txt");
            Process p = start(cfg, dir, err);
            awaitLog(p, dir, "started ", 1);
            Thread.sleep(train + eval * (1 + attempt) / 6);
            kill(p, "TERM");
            at = stopped(p, err, dir, 143);
            if (at.step() == at.of()) {
                resume(cfg, dir);
                sameEnd(ref, dir);
            }
        }
        assertEquals(at.of(), at.step(), "stopped in an evaluation: " + at);
    }
}

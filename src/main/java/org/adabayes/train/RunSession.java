package org.adabayes.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.config.DeviceChoice;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Checksums;
import org.adabayes.engine.Devices;
import org.adabayes.engine.Versions;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;
import org.adabayes.model.StateDicts;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunDirContents;
import org.adabayes.rundir.RunState;

/**
 * A run directory's transaction, the one object {@link RunLoop} is handed: the writer lock, the
 * run's identity (config, --max-batches, --init digest), what an earlier invocation left (this run
 * finished, to resume, or another run, refused without --force), the restore from the checkpoint,
 * and every write of the manifest, the epoch rows and log.txt. Nothing is written until
 * everything has been read and checked ({@link #begin} is the first write): a start that fails on
 * its input leaves no directory that was not there, and {@code --force} removes the old run only
 * then, manifest first, so a kill half-way leaves a directory that the next start cleans.
 */
final class RunSession implements AutoCloseable {
    /** What the run continues from: the first epoch to train and where in it, if mid-epoch. */
    record Resume(int epoch, EpochPosition position) {}

    private final RunConfig cfg;
    private final Path dir;
    private final RunDir rundir;
    private final RunOptions opts;
    private final RunLog log;
    private final boolean existed;
    private final RunDir.Lock lock;
    private final List<EpochRecord> rows = new ArrayList<>();
    private Map<String, NpyArray> init;
    private String hash;
    private String initDigest;
    private Manifest previous;
    private Manifest manifest;
    private int start;
    private int done;
    private long epochStart;
    private long filesStart;

    private RunSession(RunConfig cfg, Path dir, RunOptions opts, PrintStream console)
            throws IOException {
        this.cfg = cfg;
        this.dir = dir;
        this.rundir = new RunDir(dir);
        this.opts = opts;
        this.log = RunLog.over(console);
        this.existed = Files.exists(dir);
        this.lock = rundir.lock();
    }

    /** Takes the directory's lock and reads what it holds; bad input undoes the lock's trace. */
    static RunSession open(RunConfig cfg, Path dir, RunOptions opts, PrintStream log)
            throws IOException {
        RunSession s = new RunSession(cfg, dir, opts, log);
        try {
            s.identify();
            return s;
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserInputException) {
                s.discardIfNew();
            }
            s.close();
            throw e;
        }
    }

    private void identify() throws IOException {
        if (opts.init() != null) {
            init = Npz.read(opts.init());
        }
        initDigest = opts.init() == null ? null
                : "md5:" + Checksums.md5(opts.init(), "--init");
        hash = RunDir.identity(cfg, opts.maxBatches(), initDigest);
        previous = opts.force() ? null
                : RunDirContents.inspect(rundir, hash, cfg, opts.maxBatches());
    }

    /** The run's lines: the console, and log.txt once the run has begun. */
    PrintStream log() {
        return log;
    }

    /** The console alone, for a progress bar. */
    PrintStream console() {
        return log.console();
    }

    /** The result when the directory already holds this run, finished; else null. */
    RunResult finished() {
        if (previous == null || !previous.status().isFinal()) {
            return null;
        }
        log.println(dir + ": already " + previous.status().word() + " ("
                + previous.epochsCompleted() + " epochs); nothing to do");
        return new RunResult(previous.status(), true, dir, rundir.readEpochs(), -1);
    }

    /**
     * Loads the weights the run starts from (the checkpoint's, else --init's, else the seeded
     * ones already in {@code block}) and the rows before them. Reads only: an old run that
     * --force replaces is not touched here, and a checkpoint without the manifest of this run
     * (what a --force killed half-way leaves) is not loaded.
     */
    Resume restore(TorchNet block, StatefulOptimizer optimizer, NDManager manager)
            throws IOException {
        Path ckpt = rundir.file(RunDir.CHECKPOINT);
        if (previous == null || !Files.exists(ckpt)) {
            if (init != null) {
                StateDicts.loadStrict(block, init, "--init " + opts.init());
            }
            return new Resume(0, null);
        }
        Checkpoint.Restored r = Checkpoint.load(ckpt, hash, block, optimizer, manager);
        int next = r.position() != null ? r.position().epoch() : r.lastFinished() + 1;
        for (EpochRecord row : epochsToResume()) {
            if (row.epoch() < next) {
                rows.add(row);
            }
        }
        return new Resume(next, r.position());
    }

    /**
     * The first writes of the run, once every input has been read and checked: the files of a
     * run this one replaces (--force) or leftovers without a manifest are removed, then the
     * config, the running manifest and the first lines of log.txt are written.
     */
    void begin(Resume from, Device device, Map<String, String> numerics,
            Map<String, String> checksums) throws IOException {
        start = from.epoch();
        done = start;
        if (previous == null) {
            rundir.clear();
        }
        AtomicFiles.removeLeftovers(dir);
        rundir.writeConfig(cfg);
        log.attach(rundir.file(RunDir.LOG));
        String commit = Versions.gitCommit();
        String who = "pid " + ProcessHandle.current().pid() + " on " + RunDir.host()
                + ", harness " + commit;
        if (previous == null) {
            log.note("started " + dir + " (" + cfg.schedule().epochs() + " epochs, seed "
                    + cfg.seed() + "): " + who);
        } else {
            EpochPosition p = from.position();
            log.note("resumed: " + who);
            log.println("resuming " + dir + (p == null
                    ? " after epoch " + start + " of " + cfg.schedule().epochs()
                    : " at epoch " + (p.epoch() + 1) + ", step " + p.step() + " of "
                            + p.batches()));
        }
        if (!device.isGpu() && cfg.device() == DeviceChoice.AUTO) {
            log.println("no GPU visible: training on the CPU");
        }
        manifest = Manifest.builder().status(RunState.RUNNING).configHash(hash)
                .gitCommit(commit)
                .versions(Versions.all(Engine.getInstance().getVersion()))
                .device(Devices.describe(device)).numerics(numerics)
                .datasetChecksums(checksums)
                .startedAt(previous != null ? previous.startedAt() : Instant.now().toString())
                .epochsCompleted(done).epochs(cfg.schedule().epochs())
                .maxBatchesPerEpoch(opts.maxBatches() > 0 ? opts.maxBatches() : null)
                .initDigest(initDigest).build();
        rundir.writeManifest(manifest);
    }

    /** epochs.csv with the epoch's row added (its checkpoint time follows the checkpoint). */
    boolean appendRow(EpochRecord r) throws IOException {
        filesStart = System.nanoTime();
        epochStart = filesStart - (long) (r.epochSeconds() * 1e9);
        rows.add(r);
        rundir.writeEpochs(rows);
        return true;
    }

    /**
     * The checkpoint after an epoch; then the epoch's row is closed with the time spent writing
     * the epoch's files (its row, the divergence check, the LR trace, the checkpoint: from the
     * row's first write to the checkpoint's rename) and the epoch's whole wall clock, so its
     * train, eval and checkpoint seconds add up to it.
     */
    RunListener checkpoints(TorchNet block, StatefulOptimizer optimizer) {
        Path ckpt = rundir.file(RunDir.CHECKPOINT);
        return r -> {
            Checkpoint.save(ckpt, hash, r.epoch(), block, optimizer);
            long t1 = System.nanoTime();
            rows.set(rows.size() - 1, r.withCheckpoint((t1 - filesStart) / 1e9,
                    (t1 - epochStart) / 1e9));
            rundir.writeEpochs(rows);
            return true;
        };
    }

    /** The manifest after an epoch's checkpoint: one more epoch done. */
    boolean epochDone(EpochRecord r) throws IOException {
        done = r.epoch() + 1;
        rundir.writeManifest(manifest.running(done));
        return true;
    }

    /** The last row written (with its checkpoint time), for the epoch's log line. */
    EpochRecord lastRow() {
        return rows.get(rows.size() - 1);
    }

    /**
     * A signal stopped the run at a step boundary: the mid-epoch checkpoint (atomically: a second
     * signal or a kill while it is written leaves the previous one standing), the manifest
     * marked interrupted with the position, and one line saying how to go on.
     */
    RunResult interrupt(EpochRunner.Stopped s, TorchNet block, StatefulOptimizer optimizer)
            throws IOException {
        EpochPosition p = s.at();
        Checkpoint.save(rundir.file(RunDir.CHECKPOINT), hash, p.epoch() - 1, p, block,
                optimizer);
        manifest = manifest.interrupted(done, new Manifest.Position(p.epoch(), p.step(),
                p.batches()));
        rundir.writeManifest(manifest);
        log.note(s.signal().signalName() + " received: stopped at a step boundary, "
                + "checkpointed");
        log.println(String.format(Locale.ROOT, "interrupted at epoch %d, step %d of %d; "
                + "rerun the same command to resume", p.epoch() + 1, p.step(), p.batches()));
        return new RunResult(RunState.INTERRUPTED, false, dir, rows, start, s.signal());
    }

    /** Records how the run ended (complete, or diverged and why) and returns the result. */
    RunResult end(RunState state, String why) throws IOException {
        manifest = manifest.ended(state, done, why);
        rundir.writeManifest(manifest);
        return result();
    }

    /** The result of the run as its manifest now records it. */
    RunResult result() {
        return new RunResult(manifest.status(), false, dir, rows, start);
    }

    /** Records a failure (not bad input, which is the user's to fix and rerun). */
    void failed(Exception e) throws IOException {
        if (manifest != null && !(e instanceof UserInputException)) {
            rundir.writeManifest(manifest.ended(RunState.FAILED, done,
                    String.valueOf(e.getMessage())));
            log.note("failed: " + e.getMessage());
        }
    }

    /** A directory this run created and left nothing in but its lock is removed. */
    void discardIfNew() throws IOException {
        if (!existed && rundir.onlyLock()) {
            lock.close();
            Files.deleteIfExists(rundir.file(RunDir.LOCK));
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public void close() throws IOException {
        log.close();
        lock.close();
    }

    /** The rows of a run being resumed; a damaged file says how to start over. */
    private List<EpochRecord> epochsToResume() {
        try {
            return rundir.readEpochs();
        } catch (UserInputException e) {
            throw new UserInputException(e.getMessage() + "; " + RunDir.START_OVER, e);
        }
    }
}

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
 * and every write of the manifest and the epoch rows. Nothing is written until everything has been
 * read and checked, and a start that fails on its input leaves no directory that was not there.
 */
final class RunSession implements AutoCloseable {
    private final RunConfig cfg;
    private final Path dir;
    private final RunDir rundir;
    private final RunOptions opts;
    private final PrintStream log;
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

    private RunSession(RunConfig cfg, Path dir, RunOptions opts, PrintStream log)
            throws IOException {
        this.cfg = cfg;
        this.dir = dir;
        this.rundir = new RunDir(dir);
        this.opts = opts;
        this.log = log;
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
        previous = RunDirContents.inspect(rundir, hash, cfg, opts.force(), opts.maxBatches());
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
     * ones already in {@code block}) and the rows before them; returns the first epoch to train.
     */
    int restore(TorchNet block, StatefulOptimizer optimizer, NDManager manager)
            throws IOException {
        AtomicFiles.removeLeftovers(dir);
        Path ckpt = rundir.file(RunDir.CHECKPOINT);
        if (!Files.exists(ckpt)) {
            if (init != null) {
                StateDicts.loadStrict(block, init, "--init " + opts.init());
            }
            return 0;
        }
        int last = Checkpoint.load(ckpt, hash, block, optimizer, manager);
        for (EpochRecord r : epochsToResume()) {
            if (r.epoch() <= last) {
                rows.add(r);
            }
        }
        return last + 1;
    }

    /** Writes the config and the running manifest: the first writes of the run. */
    void begin(int first, Device device, Map<String, String> checksums) throws IOException {
        start = first;
        done = first;
        rundir.writeConfig(cfg);
        if (start > 0) {
            log.println("resuming " + dir + " after epoch " + start + " of "
                    + cfg.schedule().epochs());
        }
        if (!device.isGpu() && cfg.device() == DeviceChoice.AUTO) {
            log.println("no GPU visible: training on the CPU");
        }
        manifest = Manifest.builder().status(RunState.RUNNING).configHash(hash)
                .gitCommit(Versions.gitCommit())
                .versions(Versions.all(Engine.getInstance().getVersion()))
                .device(Devices.describe(device)).datasetChecksums(checksums)
                .startedAt(previous != null ? previous.startedAt() : Instant.now().toString())
                .epochsCompleted(done).epochs(cfg.schedule().epochs())
                .maxBatchesPerEpoch(opts.maxBatches() > 0 ? opts.maxBatches() : null)
                .initDigest(initDigest).build();
        rundir.writeManifest(manifest);
    }

    /** epochs.csv with the epoch's row added. */
    boolean appendRow(EpochRecord r) throws IOException {
        rows.add(r);
        rundir.writeEpochs(rows);
        return true;
    }

    /** The checkpoint after an epoch. */
    RunListener checkpoints(TorchNet block, StatefulOptimizer optimizer) {
        Path ckpt = rundir.file(RunDir.CHECKPOINT);
        return r -> {
            Checkpoint.save(ckpt, hash, r.epoch(), block, optimizer);
            return true;
        };
    }

    /** The manifest after an epoch's checkpoint: one more epoch done. */
    boolean epochDone(EpochRecord r) throws IOException {
        done = r.epoch() + 1;
        rundir.writeManifest(manifest.running(done));
        return true;
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
            rundir.writeManifest(manifest.ended(RunState.FAILED, rundir.readEpochs().size(),
                    String.valueOf(e.getMessage())));
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

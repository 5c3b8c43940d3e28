package org.adabayes.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Checksums;
import org.adabayes.data.Datasets;
import org.adabayes.data.Splits;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.NpyArray;
import org.adabayes.io.Npz;
import org.adabayes.io.UserInputException;
import org.adabayes.model.Models;
import org.adabayes.model.StateDicts;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import org.adabayes.engine.Devices;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.engine.Versions;

/**
 * One training run from a config to a finished run directory: {@link Epoch}s of shuffled,
 * augmented minibatches with the step schedule, a test-set evaluation per epoch, and after each
 * epoch the CSV row, the checkpoint and the manifest, in that order, each written atomically.
 * Running it again on the same directory resumes after the last checkpoint, and the rows past it
 * are dropped and recomputed, so every epoch appears once.
 */
public final class RunLoop {
    /** A loss this many times ln(classes) is an exploded run. */
    static final double EXPLODED = 100;

    private final RunConfig cfg;
    private final Path dir;
    private final RunOptions opts;
    private final PrintStream log;
    private final RunDir rundir;

    public RunLoop(RunConfig cfg, Path dir, RunOptions opts, PrintStream log) {
        this.cfg = cfg;
        this.dir = dir;
        this.rundir = new RunDir(dir);
        this.opts = opts;
        this.log = log;
    }

    /**
     * Runs (or resumes, or finds finished) the run, holding the directory's writer lock. A start
     * that fails on its input leaves no directory behind that was not there before.
     */
    public RunResult run() throws IOException {
        boolean existed = Files.exists(dir);
        try (RunDir.Lock lock = rundir.lock()) {
            try {
                return runLocked();
            } catch (UserInputException e) {
                if (!existed && rundir.onlyLock()) {
                    lock.close();
                    Files.deleteIfExists(rundir.file(RunDir.LOCK));
                    Files.deleteIfExists(dir);
                }
                throw e;
            }
        }
    }

    private RunResult runLocked() throws IOException {
        Map<String, NpyArray> init = null;
        String initDigest = null;
        if (opts.init() != null) {
            init = Npz.read(opts.init());
            initDigest = "md5:" + Checksums.md5(readBytes(opts.init()));
        }
        String hash = RunDir.identity(cfg, opts.maxBatches(), initDigest);
        Manifest previous = inspect(hash);
        if (previous != null && previous.status().isFinal()) {
            log.println(dir + ": already " + previous.status().word() + " ("
                    + previous.epochsCompleted() + " epochs); nothing to do");
            return new RunResult(previous.status(), true, dir, rundir.readEpochs(), -1);
        }
        AtomicFiles.removeLeftovers(dir);
        Splits data = Datasets.load(cfg.dataset());
        checkBatches(data);
        OneDnnIsa.apply(List.of(cfg.model()), log);
        Device device = Devices.select(cfg.device());
        Manifest manifest = null;
        int done = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TorchNet block = Models.create(cfg.model(), data.train().channels(),
                    data.train().numClasses(), manager, cfg.seed());
            StatefulOptimizer optimizer = cfg.optimizer().kind().create(cfg.optimizer(),
                    cfg.batchSize());
            try {
                List<EpochRecord> rows = new ArrayList<>();
                Path ckpt = rundir.file(RunDir.CHECKPOINT);
                int start = 0;
                if (init != null && !Files.exists(ckpt)) {
                    // a resumed run's weights are the checkpoint's; the identity already holds
                    // the --init file's digest
                    StateDicts.loadStrict(block, init, "--init " + opts.init());
                }
                if (Files.exists(ckpt)) {
                    int last = Checkpoint.load(ckpt, hash, block, optimizer, manager);
                    start = last + 1;
                    for (EpochRecord r : epochsToResume()) {
                        if (r.epoch() <= last) {
                            rows.add(r);
                        }
                    }
                }
                // everything read and checked: only now is anything written
                rundir.writeConfig(cfg);
                if (start > 0) {
                    log.println("resuming " + dir + " after epoch " + start + " of "
                            + cfg.schedule().epochs());
                }
                if (!device.isGpu() && cfg.device() == DeviceChoice.AUTO) {
                    log.println("no GPU visible: training on the CPU");
                }
                done = start;
                manifest = new Manifest(RunState.RUNNING, hash, Versions.gitCommit(),
                        Versions.all(Engine.getInstance().getVersion()), Devices.describe(device),
                        data.checksums(), previous != null ? previous.startedAt()
                                : Instant.now().toString(), null, done, cfg.schedule().epochs(),
                        opts.maxBatches() > 0 ? opts.maxBatches() : null, null);
                rundir.writeManifest(manifest);
                return train(manifest, rows, start, block, optimizer, manager, data, hash);
            } finally {
                optimizer.close();
            }
        } catch (IOException | RuntimeException e) {
            if (manifest != null && !(e instanceof UserInputException)) {
                rundir.writeManifest(manifest.with(RunState.FAILED, Instant.now().toString(),
                        rundir.readEpochs().size(), String.valueOf(e.getMessage())));
            }
            throw e;
        }
    }

    /**
     * Checks what the directory holds before anything is written: the manifest of an earlier
     * invocation of this run (returned), of another run (refused without --force), or nothing.
     */
    private Manifest inspect(String hash) throws IOException {
        if (opts.force()) {
            rundir.clear();
            return null;
        }
        if (rundir.hasManifest()) {
            Manifest m = rundir.readManifest();
            if (m.configHash() == null) {
                throw new UserInputException(rundir.file(RunDir.MANIFEST) + ": not a manifest "
                        + "this harness wrote (no config hash); " + RunDir.START_OVER);
            }
            if (!hash.equals(m.configHash())) {
                throw new UserInputException(dir + ": holds a different run (config hash "
                        + m.configHash().substring(0, Math.min(12, m.configHash().length()))
                        + limit(m.maxBatchesPerEpoch()) + ", this one " + hash.substring(0, 12)
                        + limit(opts.maxBatches() > 0 ? opts.maxBatches() : null)
                        + "); use --force to overwrite it or --out for another directory");
            }
            return m;
        }
        if (rundir.hasConfig() && !ConfigCodec.hash(rundir.readConfig())
                .equals(ConfigCodec.hash(cfg))) {
            throw new UserInputException(dir + ": holds the config.yaml of a different run "
                    + "and no manifest; use --force to overwrite it or --out for another "
                    + "directory");
        }
        return null;
    }

    private static String limit(Integer maxBatches) {
        return maxBatches == null ? "" : " limited to " + maxBatches + " batches per epoch";
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserInputException("--init " + file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /** The rows of a run being resumed; a damaged file says how to start over. */
    private List<EpochRecord> epochsToResume() {
        try {
            return rundir.readEpochs();
        } catch (UserInputException e) {
            throw new UserInputException(e.getMessage() + "; " + RunDir.START_OVER, e);
        }
    }

    /** Batch sizes that the data can fill, caught before any work. */
    private void checkBatches(Splits data) {
        int n = data.train().size();
        if (cfg.batchSize() > n) {
            throw new UserInputException("batchSize: " + cfg.batchSize() + " is larger than "
                    + "the " + n + " training images of " + cfg.dataset().name());
        }
    }

    private RunResult train(Manifest manifest, List<EpochRecord> rows, int start,
            TorchNet block, StatefulOptimizer optimizer, NDManager manager, Splits data,
            String hash) throws IOException {
        Path ckpt = rundir.file(RunDir.CHECKPOINT);
        LrTraceCsv trace = LrTraceCsv.open(rundir, cfg, block, optimizer, start);
        TrainStep step = new TrainStep(manager, block, optimizer, new Shape(
                data.train().channels(), data.train().height(), data.train().width()));
        Epoch epochs = new Epoch(cfg, data, opts.maxBatches(), opts.quiet(), log, null);
        int done = start;
        for (int epoch = start; epoch < cfg.schedule().epochs(); epoch++) {
            EpochRecord r = epochs.run(epoch, step, optimizer);
            rows.add(r);
            rundir.writeEpochs(rows);
            String diverged = divergence(r, data.train().numClasses());
            if (diverged != null) {
                rundir.writeManifest(manifest.with(RunState.DIVERGED, Instant.now().toString(),
                        done, diverged));
                log.println(line(r));
                log.println(dir + ": diverged (" + diverged + "); stopped, no checkpoint of "
                        + "this epoch");
                return new RunResult(RunState.DIVERGED, false, dir, rows, start);
            }
            if (trace != null) {
                trace.append(epoch);
            }
            Checkpoint.save(ckpt, hash, epoch, block, optimizer);
            done = epoch + 1;
            rundir.writeManifest(manifest.with(RunState.RUNNING, null, done, null));
            log.println(line(r));
            opts.listener().onEpoch(r);
        }
        rundir.writeManifest(manifest.with(RunState.COMPLETE, Instant.now().toString(), done,
                null));
        return new RunResult(RunState.COMPLETE, false, dir, rows, start);
    }

    private String line(EpochRecord r) {
        return String.format(Locale.ROOT,
                "epoch %d/%d lr x%s  train loss %.4f err %.2f%%  test loss %.4f err %.2f%%  "
                        + "%.1fs %.0f img/s",
                r.epoch() + 1, cfg.schedule().epochs(), r.lrFactor(), r.trainLoss(),
                r.trainError(), r.testLoss(), r.testError(), r.epochSeconds(),
                r.trainImagesPerSecond());
    }

    /**
     * Why an epoch's row means the run has diverged, or null: a non-finite training or test loss,
     * or a training loss above {@value #EXPLODED} times ln(classes), the loss of a uniform guess
     * (lr 1e6 gives 1e10). A large but finite test loss is not divergence: BatchNorm's running
     * statistics lag weights that move fast, and the test loss of such an epoch can spike a
     * hundredfold and recover (SGD at lr 0.1 on the small presets does).
     */
    static String divergence(EpochRecord r, int classes) {
        if (!Double.isFinite(r.trainLoss())) {
            return "non-finite training loss in epoch " + r.epoch();
        }
        if (!Double.isFinite(r.testLoss())) {
            return "non-finite test loss in epoch " + r.epoch();
        }
        double limit = EXPLODED * Math.log(classes);
        if (r.trainLoss() > limit) {
            return String.format(Locale.ROOT, "training loss %.3g in epoch %d is above %.0f x "
                    + "ln(%d classes)", r.trainLoss(), r.epoch(), EXPLODED, classes);
        }
        return null;
    }
}

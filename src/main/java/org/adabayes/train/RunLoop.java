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
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;
import org.adabayes.data.Splits;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.UserInputException;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;

/**
 * One training run from a config to a finished run directory: epochs of shuffled, augmented
 * minibatches with the step schedule, a test-set evaluation per epoch, and after each epoch the
 * CSV row, the checkpoint and the manifest, in that order, each written atomically. Running it
 * again on the same directory resumes after the last checkpoint, and the rows past it are dropped
 * and recomputed, so every epoch appears once.
 */
public final class RunLoop {
    /** Steps between reads of the running loss (the only host reads within an epoch). */
    static final int CHECK_EVERY = 50;
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

    public RunResult run() throws IOException {
        String hash = ConfigCodec.hash(cfg);
        Manifest previous = null;
        if (rundir.hasManifest()) {
            Manifest m = rundir.readManifest();
            if (opts.force()) {
                rundir.clear();
            } else if (!hash.equals(m.configHash())) {
                throw new UserInputException(dir + ": holds a different run (config hash "
                        + m.configHash().substring(0, 12) + ", this config "
                        + hash.substring(0, 12) + "); use --force to overwrite it or --out for "
                        + "another directory");
            } else if (m.status().isFinal()) {
                log.println(dir + ": already " + m.status().word() + " (" + m.epochsCompleted()
                        + " epochs); nothing to do");
                return new RunResult(m.status(), true, dir, rundir.readEpochs(), -1);
            } else {
                previous = m;
            }
        }
        Files.createDirectories(dir);
        AtomicFiles.removeLeftovers(dir);
        rundir.writeConfig(cfg);
        Splits data = Datasets.load(cfg.dataset());
        OneDnnIsa.apply(List.of(cfg.model()), log);
        Device device = Devices.select(cfg.device());
        if (!device.isGpu() && "auto".equals(cfg.device())) {
            log.println("no GPU visible: training on the CPU");
        }
        Manifest manifest = new Manifest(RunState.RUNNING, hash, Versions.gitCommit(),
                Versions.all(Engine.getInstance().getVersion()), Devices.describe(device),
                data.checksums(), previous != null ? previous.startedAt()
                        : Instant.now().toString(), null, 0, cfg.schedule().epochs(),
                opts.maxBatches() > 0 ? opts.maxBatches() : null, null);
        int done = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            TorchNet block = Models.create(cfg.model(), data.train().channels(),
                    data.train().numClasses(), manager, cfg.seed());
            StatefulOptimizer optimizer = cfg.optimizer().kind().create(cfg.optimizer(),
                    cfg.batchSize());
            try {
                List<EpochRecord> rows = new ArrayList<>();
                int start = 0;
                Path ckpt = rundir.file(RunDir.CHECKPOINT);
                if (Files.exists(ckpt)) {
                    int last = Checkpoint.load(ckpt, hash, block, optimizer, manager);
                    start = last + 1;
                    for (EpochRecord r : rundir.readEpochs()) {
                        if (r.epoch() <= last) {
                            rows.add(r);
                        }
                    }
                    log.println("resuming " + dir + " after epoch " + (last + 1) + " of "
                            + cfg.schedule().epochs());
                }
                done = start;
                manifest = manifest.with(RunState.RUNNING, null, done, null);
                rundir.writeManifest(manifest);
                LrTraceCsv trace = LrTraceCsv.open(rundir, cfg, block, optimizer, start);
                TrainStep step = new TrainStep(manager, block, optimizer, new Shape(
                        data.train().channels(), data.train().height(), data.train().width()));
                for (int epoch = start; epoch < cfg.schedule().epochs(); epoch++) {
                    EpochRecord r = epoch(epoch, step, optimizer, data);
                    rows.add(r);
                    rundir.writeEpochs(rows);
                    String diverged = divergence(r, data.train().numClasses());
                    if (diverged != null) {
                        manifest = manifest.with(RunState.DIVERGED, Instant.now().toString(),
                                done, diverged);
                        rundir.writeManifest(manifest);
                        log.println(line(r));
                        log.println(dir + ": diverged (" + diverged + "); stopped, no "
                                + "checkpoint of this epoch");
                        return new RunResult(RunState.DIVERGED, false, dir, rows, start);
                    }
                    if (trace != null) {
                        trace.append(epoch);
                    }
                    Checkpoint.save(ckpt, hash, epoch, block, optimizer);
                    done = epoch + 1;
                    manifest = manifest.with(RunState.RUNNING, null, done, null);
                    rundir.writeManifest(manifest);
                    log.println(line(r));
                    opts.listener().onEpoch(r);
                }
                manifest = manifest.with(RunState.COMPLETE, Instant.now().toString(), done, null);
                rundir.writeManifest(manifest);
                return new RunResult(RunState.COMPLETE, false, dir, rows, start);
            } finally {
                optimizer.close();
            }
        } catch (IOException | RuntimeException e) {
            rundir.writeManifest(manifest.with(RunState.FAILED, Instant.now().toString(), done,
                    String.valueOf(e.getMessage())));
            throw e;
        }
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
     * or one above {@value #EXPLODED} times ln(classes), the loss of a uniform guess (a network
     * that far from any guess has weights that exploded; lr 1e6 gives 1e10).
     */
    static String divergence(EpochRecord r, int classes) {
        double limit = EXPLODED * Math.log(classes);
        for (double[] v : new double[][] {{r.trainLoss(), 0}, {r.testLoss(), 1}}) {
            String which = v[1] == 0 ? "training" : "test";
            if (!Double.isFinite(v[0])) {
                return "non-finite " + which + " loss in epoch " + r.epoch();
            }
            if (v[0] > limit) {
                return String.format(Locale.ROOT, "%s loss %.3g in epoch %d is above %.0f x "
                        + "ln(%d classes)", which, v[0], r.epoch(), EXPLODED, classes);
            }
        }
        return null;
    }

    private EpochRecord epoch(int epoch, TrainStep step, StatefulOptimizer optimizer,
            Splits data) {
        long t0 = System.nanoTime();
        double factor = cfg.schedule().factor(epoch);
        optimizer.setScheduleFactor(factor);
        ImageSet train = data.train();
        Normalization norm = Normalization.forDataset(cfg.dataset().name(),
                cfg.dataset().normalization());
        BatchAugmenter aug = new BatchAugmenter(train, norm, 4);
        int[] order = Seeds.permutation(train.size(), cfg.seed(), epoch);
        int bs = cfg.batchSize();
        int batches = (train.size() + bs - 1) / bs;
        if (opts.maxBatches() > 0) {
            batches = Math.min(batches, opts.maxBatches());
        }
        float[] buf = new float[bs * train.imageSize()];
        int[] labels = new int[bs];
        try (Progress progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d",
                epoch + 1, cfg.schedule().epochs()), batches, opts.quiet(), log)) {
            for (int b = 0; b < batches; b++) {
                int n = Math.min(bs, train.size() - b * bs);
                aug.fill(order, b * bs, n, cfg.dataset().augment()
                        ? Seeds.forBatch(cfg.seed(), epoch, b) : null, buf, labels);
                step.train(buf, labels, n);
                progress.step(n);
                if ((b + 1) % CHECK_EVERY == 0 && b + 1 < batches
                        && !Double.isFinite(step.peek().lossSum())) {
                    break;
                }
            }
        }
        TrainStep.Sums tr = step.drain();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (!Double.isFinite(tr.lossSum())) {
            return new EpochRecord(epoch, factor, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                    seconds, 0);
        }
        ImageSet test = data.test();
        BatchAugmenter plain = new BatchAugmenter(test, norm, 0);
        int tbs = cfg.testBatchSize();
        float[] tbuf = new float[tbs * test.imageSize()];
        int[] tlabels = new int[tbs];
        for (int from = 0; from < test.size(); from += tbs) {
            int n = Math.min(tbs, test.size() - from);
            plain.fill(null, from, n, null, tbuf, tlabels);
            step.evaluate(tbuf, tlabels, n);
        }
        TrainStep.Sums te = step.drain();
        return new EpochRecord(epoch, factor, tr.meanLoss(), tr.errorPercent(), te.meanLoss(),
                te.errorPercent(), (System.nanoTime() - t0) / 1e9, tr.images() / seconds);
    }
}

package org.adabayes.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.config.ConfigException;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import org.adabayes.data.BatchAugmenter;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Normalization;
import org.adabayes.data.Seeds;
import org.adabayes.data.Splits;
import org.adabayes.model.Models;
import org.adabayes.optim.Optimizers;
import org.adabayes.optim.StatefulOptimizer;

/**
 * One training run from a config to a finished run directory: epochs of shuffled, augmented
 * minibatches with the step schedule, a test-set evaluation per epoch, and after each epoch the
 * CSV row, the checkpoint and the manifest, in that order, each written atomically. Running it
 * again on the same directory resumes after the last checkpoint, and the rows past it are dropped
 * and recomputed, so every epoch appears once.
 */
public final class RunLoop {
    public static final String CONFIG_FILE = "config.yaml";

    private final RunConfig cfg;
    private final Path dir;
    private final RunOptions opts;
    private final PrintStream log;

    public RunLoop(RunConfig cfg, Path dir, RunOptions opts, PrintStream log) {
        this.cfg = cfg;
        this.dir = dir;
        this.opts = opts;
        this.log = log;
    }

    public RunResult run() throws IOException {
        String hash = ConfigLoader.hash(cfg);
        Path manifestFile = dir.resolve(Manifest.FILE);
        Manifest previous = null;
        if (Files.exists(manifestFile)) {
            Manifest m = Manifest.read(manifestFile);
            if (opts.force()) {
                for (String f : List.of(Manifest.FILE, CONFIG_FILE, EpochCsv.FILE, Checkpoint.FILE,
                        LrTraceCsv.FILE)) {
                    Files.deleteIfExists(dir.resolve(f));
                }
            } else if (!hash.equals(m.configHash())) {
                throw new ConfigException(dir + ": holds a different run (config hash "
                        + m.configHash().substring(0, 12) + ", this config "
                        + hash.substring(0, 12) + "); use --force to overwrite it or --out for "
                        + "another directory");
            } else if ("complete".equals(m.status()) || "diverged".equals(m.status())) {
                log.println(dir + ": already " + m.status() + " (" + m.epochsCompleted()
                        + " epochs); nothing to do");
                return new RunResult("complete".equals(m.status()) ? RunStatus.ALREADY_COMPLETE
                        : RunStatus.DIVERGED, dir, EpochCsv.read(dir.resolve(EpochCsv.FILE)), -1);
            } else {
                previous = m;
            }
        }
        Files.createDirectories(dir);
        AtomicFiles.removeLeftovers(dir);
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), ConfigLoader.toYaml(cfg));
        Splits data = Datasets.load(cfg.dataset());
        Device device = Devices.select(cfg.device());
        if (!device.isGpu() && "auto".equals(cfg.device())) {
            log.println("no GPU visible: training on the CPU");
        }
        Manifest manifest = new Manifest("running", hash, Versions.gitCommit(),
                Versions.all(Engine.getInstance().getVersion()), Devices.describe(device),
                data.checksums(), previous != null ? previous.startedAt()
                        : Instant.now().toString(), null, 0, cfg.schedule().epochs(),
                opts.maxBatches() > 0 ? opts.maxBatches() : null, null);
        int done = 0;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Block block = Models.create(cfg.model(), data.train().channels(),
                    data.train().numClasses(), manager, cfg.seed());
            StatefulOptimizer optimizer = Optimizers.create(cfg.optimizer(), cfg.batchSize());
            try {
                List<EpochRecord> rows = new ArrayList<>();
                int start = 0;
                Path ckpt = dir.resolve(Checkpoint.FILE);
                if (Files.exists(ckpt)) {
                    int last = Checkpoint.load(ckpt, hash, block, optimizer, manager);
                    start = last + 1;
                    for (EpochRecord r : EpochCsv.read(dir.resolve(EpochCsv.FILE))) {
                        if (r.epoch() <= last) {
                            rows.add(r);
                        }
                    }
                    log.println("resuming " + dir + " after epoch " + (last + 1) + " of "
                            + cfg.schedule().epochs());
                }
                done = start;
                manifest = manifest.with("running", null, done, null);
                manifest.write(manifestFile);
                LrTraceCsv trace = LrTraceCsv.open(dir, cfg, block, optimizer, start);
                TrainStep step = new TrainStep(manager, block, optimizer, new Shape(
                        data.train().channels(), data.train().height(), data.train().width()));
                for (int epoch = start; epoch < cfg.schedule().epochs(); epoch++) {
                    EpochRecord r = epoch(epoch, step, optimizer, data);
                    rows.add(r);
                    EpochCsv.write(dir.resolve(EpochCsv.FILE), rows);
                    if (Double.isNaN(r.trainLoss())) {
                        manifest = manifest.with("diverged", Instant.now().toString(), done,
                                "non-finite training loss in epoch " + epoch);
                        manifest.write(manifestFile);
                        log.println(dir + ": diverged in epoch " + epoch
                                + " (non-finite loss); stopped");
                        return new RunResult(RunStatus.DIVERGED, dir, rows, start);
                    }
                    if (trace != null) {
                        trace.append(epoch);
                    }
                    Checkpoint.save(ckpt, hash, epoch, block, optimizer);
                    done = epoch + 1;
                    manifest = manifest.with("running", null, done, null);
                    manifest.write(manifestFile);
                    log.println(line(r));
                    opts.listener().onEpoch(r);
                }
                manifest = manifest.with("complete", Instant.now().toString(), done, null);
                manifest.write(manifestFile);
                return new RunResult(RunStatus.COMPLETE, dir, rows, start);
            } finally {
                optimizer.close();
            }
        } catch (IOException | RuntimeException e) {
            manifest.with("failed", Instant.now().toString(), done,
                    String.valueOf(e.getMessage())).write(manifestFile);
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
        double lossSum = 0;
        long wrong = 0;
        long seen = 0;
        try (Progress progress = new Progress(String.format(Locale.ROOT, "epoch %d/%d",
                epoch + 1, cfg.schedule().epochs()), batches, opts.quiet(), log)) {
            for (int b = 0; b < batches; b++) {
                int n = Math.min(bs, train.size() - b * bs);
                aug.fill(order, b * bs, n, cfg.dataset().augment()
                        ? Seeds.forBatch(cfg.seed(), epoch, b) : null, buf, labels);
                TrainStep.Outcome o = step.train(buf, labels, n);
                if (!Double.isFinite(o.loss())) {
                    return new EpochRecord(epoch, factor, Double.NaN, Double.NaN, Double.NaN,
                            Double.NaN, (System.nanoTime() - t0) / 1e9, 0);
                }
                lossSum += o.loss() * n;
                wrong += o.wrong();
                seen += n;
                progress.step(n);
            }
        }
        double ips = seen / ((System.nanoTime() - t0) / 1e9);
        ImageSet test = data.test();
        BatchAugmenter plain = new BatchAugmenter(test, norm, 0);
        int tbs = cfg.testBatchSize();
        float[] tbuf = new float[tbs * test.imageSize()];
        int[] tlabels = new int[tbs];
        double testLoss = 0;
        long testWrong = 0;
        for (int from = 0; from < test.size(); from += tbs) {
            int n = Math.min(tbs, test.size() - from);
            plain.fill(null, from, n, null, tbuf, tlabels);
            TrainStep.Outcome o = step.evaluate(tbuf, tlabels, n);
            testLoss += o.loss() * n;
            testWrong += o.wrong();
        }
        return new EpochRecord(epoch, factor, lossSum / seen, 100.0 * wrong / seen,
                testLoss / test.size(), 100.0 * testWrong / test.size(),
                (System.nanoTime() - t0) / 1e9, ips);
    }
}

package org.adabayes.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.config.Precision;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Datasets;
import org.adabayes.data.ImageSet;
import org.adabayes.data.Splits;
import org.adabayes.engine.Devices;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.io.UserInputException;
import org.adabayes.model.Models;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;

/**
 * One training run from a config to a finished run directory, read as DJL's {@code
 * EasyTrain.fit}: epochs ({@link EpochRunner}) of shuffled, augmented minibatches and a test evaluation, and
 * after each epoch the listeners in the order a reader expects: the CSV row, the divergence check,
 * the LR trace, the checkpoint, the manifest and the log line, each file written atomically. The
 * directory's transaction (lock, identity, resume, manifest) is a {@link RunSession}. Running it
 * again on the same directory resumes after the last checkpoint; rows past it are dropped and
 * recomputed, so every epoch appears once. A signal ({@link StopSignals}) stops it at the next
 * step boundary with a mid-epoch checkpoint, from which a rerun continues bit for bit.
 */
public final class RunLoop {
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

    /** Runs (or resumes, or finds finished) the run, holding the directory's writer lock. */
    public RunResult run() throws IOException {
        try (RunSession session = RunSession.open(cfg, dir, opts, log)) {
            RunResult finished = session.finished();
            if (finished != null) {
                return finished;
            }
            try {
                return setUp(session);
            } catch (UserInputException e) {
                session.discardIfNew();
                throw e;
            }
        }
    }

    /** Data, device, network and optimizer, the restore, then the epochs. */
    private RunResult setUp(RunSession session) throws IOException {
        PrintStream out = session.log();
        Splits data = Datasets.load(cfg.dataset());
        ImageSet train = data.requireBatch(cfg.batchSize(), cfg.dataset().name()).train();
        OneDnnIsa.apply(List.of(cfg.model()), out);
        Device device = Devices.select(cfg.device());
        try (NDManager manager = NDManager.newBaseManager(device)) {
            DataType dtype = cfg.precision() == Precision.FLOAT64 ? DataType.FLOAT64
                    : DataType.FLOAT32;
            TorchNet block = Models.create(cfg.model(), train.channels(), train.numClasses(),
                    manager, cfg.seed(), dtype);
            StatefulOptimizer optimizer = cfg.optimizer().kind().create(cfg.optimizer(),
                    cfg.batchSize());
            try {
                RunSession.Resume from = session.restore(block, optimizer, manager);
                session.begin(from, device, data.checksums());
                TrainStep step = new TrainStep(manager, block, optimizer,
                        new Shape(train.channels(), train.height(), train.width()), dtype);
                BatchStream stream = new BatchStream(cfg, data, null);
                EpochRunner epochs = new EpochRunner(cfg, stream, new Evaluation(stream, manager),
                        opts.maxBatches(), opts.quiet(), session.console());
                return fit(session, from, epochs, step, block, optimizer,
                        listeners(session, block, optimizer, train.numClasses(), from));
            } finally {
                optimizer.close();
            }
        } catch (IOException | RuntimeException e) {
            session.failed(e);
            throw e;
        }
    }

    private RunResult fit(RunSession session, RunSession.Resume from, EpochRunner epochs,
            TrainStep step, TorchNet block, StatefulOptimizer optimizer,
            List<RunListener> listeners) throws IOException {
        EpochPosition at = from.position();
        for (int epoch = from.epoch(); epoch < cfg.schedule().epochs(); epoch++) {
            for (RunListener l : listeners) {
                l.beforeEpoch(epoch);
            }
            EpochRunner.Outcome o = epochs.run(epoch, at, step, optimizer, opts.stop());
            at = null;
            if (o instanceof EpochRunner.Stopped s) {
                for (RunListener l : listeners) {
                    l.interrupted(s.at());
                }
                return session.interrupt(s, block, optimizer);
            }
            EpochRecord r = ((EpochRunner.Finished) o).row();
            for (RunListener l : listeners) {
                if (!l.afterEpoch(r)) {
                    return session.result();
                }
            }
        }
        return session.end(RunState.COMPLETE, null);
    }

    /** What happens after each epoch, in this order. */
    private List<RunListener> listeners(RunSession session, TorchNet block,
            StatefulOptimizer optimizer, int classes, RunSession.Resume from) throws IOException {
        int epochs = cfg.schedule().epochs();
        PrintStream out = session.log();
        LrTraceListener trace = LrTraceListener.open(dir.resolve(RunDir.LR_TRACE), cfg, block, optimizer,
                from);
        return List.of(
                session::appendRow,
                new DivergenceGuard(session, dir, classes, epochs, out),
                trace != null ? trace : r -> true,
                session.checkpoints(block, optimizer),
                session::epochDone,
                r -> {
                    out.println(session.lastRow().logLine(epochs));
                    opts.listener().accept(session.lastRow());
                    return true;
                });
    }
}

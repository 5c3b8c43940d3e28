package org.adabayes.train;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Datasets;
import org.adabayes.data.Splits;
import org.adabayes.engine.Devices;
import org.adabayes.io.UserInputException;
import org.adabayes.model.TorchNet;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;

/**
 * One training run from a config to a finished run directory, read as DJL's {@code
 * EasyTrain.fit}: epochs ({@link EpochRunner}) of shuffled, augmented minibatches and a test
 * evaluation, and
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

    /** Data, device, the run's parts, the restore, then the epochs. */
    private RunResult setUp(RunSession session) throws IOException {
        Splits data = Datasets.load(cfg.dataset());
        data.requireBatch(cfg.batchSize(), cfg.dataset().name());
        Device device = Devices.select(cfg.device());
        try (NDManager manager = NDManager.newBaseManager(device);
                RunParts parts = RunParts.assemble(cfg, data, manager,
                        RunParts.dataType(cfg.precision()), null,
                        opts.quiet() ? null : session.log())) {
            RunSession.Resume from = session.restore(parts.net(), parts.optimizer(), manager);
            session.begin(from, device, parts.numerics(device), data.checksums());
            EpochRunner epochs = parts.epochs(cfg, opts.maxBatches(), opts.quiet(),
                    session.console());
            return fit(session, from, epochs, parts.step(), parts.net(), parts.optimizer(),
                    listeners(session, parts.net(), parts.optimizer(),
                            data.train().numClasses(), from));
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
        LrTraceListener trace = LrTraceListener.open(dir.resolve(RunDir.LR_TRACE), cfg, block,
                optimizer, from);
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

package org.adabayes.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Seeds;
import org.adabayes.optim.LrTrace;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.LrTraceFile;
import org.adabayes.rundir.LrTraceRow;

/**
 * lr_trace.csv for Fig. 3 as a listener: the optimizer samples the AdaBayes learning rate and the
 * Adam rate of a fixed, seeded set of elements ({@link LrTrace}), the rows are made here with
 * their epoch, and each epoch's are appended after its CSV row and before its checkpoint
 * ({@link LrTraceFile} says why that order loses nothing on a kill).
 */
final class LrTraceListener implements RunListener {
    private final Path file;
    private final List<LrTraceRow> pending = new ArrayList<>();
    private int epoch;

    private LrTraceListener(Path file) {
        this.file = file;
    }

    /** Null unless the config asks for a trace and the optimizer is of the AdaBayes family. */
    static LrTraceListener open(Path file, RunConfig cfg, Block block, StatefulOptimizer optimizer,
            RunSession.Resume from) throws IOException {
        int every = cfg.diagnostics().lrTraceEvery();
        if (every == 0 || !optimizer.kind().isBayesian()) {
            return null;
        }
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                sizes.put(p.getKey(), p.getValue().getArray().size());
            }
        }
        LrTraceListener csv = new LrTraceListener(file);
        optimizer.setTrace(new LrTrace(every, LrTrace.choose(sizes,
                cfg.diagnostics().lrTraceElements(), Seeds.mix(cfg.seed(), 0xF163L)), csv::sample));
        if (from.position() == null) {
            LrTraceFile.keepBefore(csv.file, from.epoch());
        } else {
            LrTraceFile.keepUpTo(csv.file, from.epoch(), optimizer.state().stepsTaken());
        }
        return csv;
    }

    private synchronized void sample(int step, String parameter, long index, float s2Post,
            float adamRate) {
        pending.add(new LrTraceRow(epoch, step, parameter, index, s2Post, adamRate));
    }

    @Override
    public void beforeEpoch(int e) {
        epoch = e;
    }

    /** The stopped epoch's samples so far, kept with the mid-epoch checkpoint that follows. */
    @Override
    public synchronized void interrupted(EpochPosition at) throws IOException {
        LrTraceFile.append(file, pending);
        pending.clear();
    }

    @Override
    public synchronized boolean afterEpoch(EpochRecord r) throws IOException {
        LrTraceFile.append(file, pending);
        pending.clear();
        return true;
    }
}

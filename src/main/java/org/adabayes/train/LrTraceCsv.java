package org.adabayes.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.adabayes.config.RunConfig;
import org.adabayes.data.Seeds;
import org.adabayes.io.AtomicFiles;
import org.adabayes.optim.LrTrace;
import org.adabayes.optim.StatefulOptimizer;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.LrTraceRow;
import org.adabayes.rundir.RunDir;

/**
 * lr_trace.csv for Fig. 3: the AdaBayes learning rate against the Adam rate for a fixed, seeded
 * sample of parameter elements (drawn in proportion to tensor size). Each epoch's rows are appended
 * once the epoch ends (before its checkpoint); on resume the file is rewritten atomically with only
 * the complete rows of epochs before the checkpoint, so a kill mid-append loses nothing and
 * duplicates nothing. Appending keeps a long traced run from rewriting a growing file every epoch.
 * The optimizer samples ({@link LrTrace}); the rows, with their epoch, are made here.
 */
final class LrTraceCsv implements RunListener {
    private final Path file;
    private final List<LrTraceRow> pending = new ArrayList<>();
    private int epoch;

    private LrTraceCsv(Path file) {
        this.file = file;
    }

    /** Null unless the config asks for a trace and the optimizer is of the AdaBayes family. */
    static LrTraceCsv open(RunDir dir, RunConfig cfg, Block block, StatefulOptimizer optimizer,
            int startEpoch) throws IOException {
        int every = cfg.diagnostics().lrTraceEvery();
        if (every == 0 || !optimizer.kind().isBayesian()) {
            return null;
        }
        List<Pair<String, Parameter>> params = new ArrayList<>();
        long total = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().requiresGradient()) {
                params.add(p);
                total += p.getValue().getArray().size();
            }
        }
        SplittableRandom rng = new SplittableRandom(Seeds.mix(cfg.seed(), 0xF163L));
        Map<String, TreeSet<Long>> chosen = new LinkedHashMap<>();
        int k = (int) Math.min(cfg.diagnostics().lrTraceElements(), total);
        for (int i = 0; i < k; i++) {
            long flat = rng.nextLong(total);
            for (Pair<String, Parameter> p : params) {
                long size = p.getValue().getArray().size();
                if (flat < size) {
                    chosen.computeIfAbsent(p.getKey(), x -> new TreeSet<>()).add(flat);
                    break;
                }
                flat -= size;
            }
        }
        Map<String, long[]> idx = new LinkedHashMap<>();
        chosen.forEach((id, set) -> idx.put(id, set.stream().mapToLong(Long::longValue).toArray()));
        LrTraceCsv csv = new LrTraceCsv(dir.file(RunDir.LR_TRACE));
        optimizer.setTrace(new LrTrace(every, idx, csv::sample));
        Path file = csv.file;
        List<String> keep = new ArrayList<>();
        keep.add(LrTraceRow.HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (completeRowBefore(line, startEpoch)) {
                    keep.add(line);
                }
            }
        }
        AtomicFiles.writeString(file, String.join("\n", keep) + "\n");
        return csv;
    }

    /**
     * A data row of an epoch before {@code start}. A line cut short by a kill belongs to the epoch
     * being appended, which is never before the checkpoint's, so it is dropped here too.
     */
    static boolean completeRowBefore(String line, int start) {
        LrTraceRow row = LrTraceRow.parseOrNull(line);
        return row != null && row.epoch() < start;
    }

    private synchronized void sample(int step, String parameter, long index, float s2Post,
            float adamRate) {
        pending.add(new LrTraceRow(epoch, step, parameter, index, s2Post, adamRate));
    }

    @Override
    public void beforeEpoch(int e) {
        epoch = e;
    }

    /** Appends the epoch's rows, after its CSV row and before its checkpoint. */
    @Override
    public synchronized boolean afterEpoch(EpochRecord r) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LrTraceRow row : pending) {
            sb.append(row.toCsv()).append('\n');
        }
        pending.clear();
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.APPEND);
        return true;
    }
}

package org.adabayes.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.adabayes.config.RunConfig;
import org.adabayes.io.UserInputException;
import org.adabayes.rundir.EpochCsv;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Finds run directories below the given paths, reads each through {@link RunDir} and loads every
 * run's epochs into one table. A run is a directory with a manifest.json; one with run files but
 * no manifest was never started by this harness (or is a copy cut short) and is skipped by name.
 * A run whose epochs.csv or manifest cannot be read is kept as damaged, so one bad file costs its
 * own cell a number and not the whole table; a config.yaml that cannot be read leaves no setting
 * to count it in, and is an error.
 */
public final class ResultsScanner {
    private ResultsScanner() {}

    /**
     * Every run below the roots.
     *
     * @param includeLimited table runs limited by --max-batches as settings of their own
     */
    public static Results scan(List<Path> roots, boolean includeLimited) {
        TreeSet<Path> candidates = new TreeSet<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new UserInputException(root + ": no such directory");
            }
            try (Stream<Path> s = Files.walk(root)) {
                s.filter(ResultsScanner::looksLikeRun).forEach(candidates::add);
            } catch (IOException e) {
                throw new UserInputException(root + ": cannot scan: " + e.getMessage(), e);
            }
        }
        List<RunSummary> runs = new ArrayList<>();
        List<Path> skipped = new ArrayList<>();
        List<List<EpochRecord>> epochs = new ArrayList<>();
        for (Path dir : candidates) {
            RunDir run = new RunDir(dir);
            if (!run.hasManifest()) {
                skipped.add(dir);
                continue;
            }
            RunConfig cfg = run.readConfig();
            String damaged = null;
            Manifest m = null;
            List<EpochRecord> rows = List.of();
            try {
                m = run.readManifest();
                rows = run.readEpochs();
            } catch (UserInputException e) {
                damaged = e.getMessage();
            }
            Integer limited = m == null ? null : m.maxBatchesPerEpoch();
            Setting setting = Setting.of(cfg, m == null ? null : m.initDigest(),
                    includeLimited ? limited : null);
            runs.add(new RunSummary(dir, cfg, m == null ? RunState.FAILED : m.status(), limited,
                    setting, damaged));
            epochs.add(damaged == null ? rows : List.of());
        }
        if (runs.isEmpty()) {
            throw new UserInputException("no run directories (with " + RunDir.MANIFEST
                    + ") under " + roots.stream().map(Path::toString)
                            .collect(Collectors.joining(", "))
                    + (skipped.isEmpty() ? "" : "; skipped " + skipped.size() + " without one"));
        }
        return new Results(runs, table(runs, epochs), skipped);
    }

    /** A directory holding what train writes: its config or its epochs. */
    private static boolean looksLikeRun(Path dir) {
        return Files.isRegularFile(dir.resolve(RunDir.EPOCHS))
                || Files.isRegularFile(dir.resolve(RunDir.CONFIG))
                        && Files.isRegularFile(dir.resolve(RunDir.MANIFEST));
    }

    /** One run read alone (Fig. 3 of one directory). */
    public static RunSummary read(Path dir) {
        return scan(List.of(dir), true).runs().stream()
                .filter(r -> r.dir().equals(dir)).findFirst()
                .orElseThrow(() -> new UserInputException(dir + ": not a run directory"));
    }

    /** Every run's rows in one table, by run and then epoch. */
    static Table table(List<RunSummary> runs, List<List<EpochRecord>> epochs) {
        StringColumn run = StringColumn.create(Results.RUN);
        StringColumn group = StringColumn.create(Results.GROUP);
        StringColumn setting = StringColumn.create(Results.SETTING);
        LongColumn seed = LongColumn.create(Results.SEED);
        IntColumn epoch = IntColumn.create(EpochCsv.COLUMNS.get(0));
        List<DoubleColumn> values = new ArrayList<>();
        for (String c : EpochCsv.COLUMNS.subList(1, EpochCsv.COLUMNS.size())) {
            values.add(DoubleColumn.create(c));
        }
        for (int i = 0; i < runs.size(); i++) {
            RunSummary r = runs.get(i);
            List<EpochRecord> rows = new ArrayList<>(epochs.get(i));
            rows.sort(Comparator.comparingInt(EpochRecord::epoch));
            for (EpochRecord e : rows) {
                run.append(r.id());
                group.append(Group.of(r).slug());
                setting.append(r.setting().label());
                seed.append(r.seed());
                epoch.append(e.epoch());
                double[] v = {e.lrFactor(), e.trainLoss(), e.trainError(), e.testLoss(),
                    e.testError(), e.epochSeconds(), e.trainImagesPerSecond(), e.trainSeconds(),
                    e.evalSeconds(), e.checkpointSeconds()};
                for (int c = 0; c < v.length; c++) {
                    values.get(c).append(v[c]);
                }
            }
        }
        Table t = Table.create("epochs", run, group, setting, seed, epoch);
        values.forEach(t::addColumns);
        return t;
    }
}

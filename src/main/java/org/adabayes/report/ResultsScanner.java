package org.adabayes.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.adabayes.io.UserInputException;
import org.adabayes.rundir.EpochCsv;
import org.adabayes.rundir.EpochRecord;
import org.adabayes.rundir.Manifest;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunState;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

/**
 * Finds run directories below the given paths and reads each through {@link RunDir}. Any file that
 * cannot be read is an error naming it: a report silently missing a run is worse than no report.
 */
public final class ResultsScanner {
    private ResultsScanner() {}

    public static List<RunSummary> scan(List<Path> roots) {
        List<RunSummary> runs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new UserInputException(root + ": no such directory");
            }
            try (Stream<Path> s = Files.walk(root)) {
                for (Path dir : s.filter(RunDir::isRun).sorted().toList()) {
                    runs.add(read(dir));
                }
            } catch (IOException e) {
                throw new UserInputException(root + ": cannot scan: " + e.getMessage(), e);
            }
        }
        if (runs.isEmpty()) {
            throw new UserInputException("no run directories (with " + RunDir.EPOCHS + ") under "
                    + roots.stream().map(Path::toString).collect(Collectors.joining(", ")));
        }
        runs.sort(Comparator.comparing((RunSummary r) -> r.dir().toString()));
        return runs;
    }

    public static RunSummary read(Path dir) {
        RunDir run = new RunDir(dir);
        Manifest m = run.hasManifest() ? run.readManifest() : null;
        return new RunSummary(dir, run.readConfig(), m == null ? RunState.RUNNING : m.status(),
                m == null ? null : m.maxBatchesPerEpoch(), table(run.readEpochs(), dir));
    }

    /** The rows as a Tablesaw table with explicit types, sorted by epoch. */
    static Table table(List<EpochRecord> rows, Path dir) {
        Table t = Table.create(dir.resolve(RunDir.EPOCHS).toString());
        t.addColumns(IntColumn.create(EpochCsv.COLUMNS.get(0),
                rows.stream().mapToInt(EpochRecord::epoch).toArray()));
        double[][] cols = new double[EpochCsv.COLUMNS.size() - 1][rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            EpochRecord r = rows.get(i);
            double[] v = {r.lrFactor(), r.trainLoss(), r.trainError(), r.testLoss(),
                r.testError(), r.epochSeconds(), r.trainImagesPerSecond()};
            for (int c = 0; c < v.length; c++) {
                cols[c][i] = v[c];
            }
        }
        for (int c = 0; c < cols.length; c++) {
            t.addColumns(DoubleColumn.create(EpochCsv.COLUMNS.get(c + 1), cols[c]));
        }
        return t.sortAscendingOn(EpochCsv.COLUMNS.get(0));
    }
}

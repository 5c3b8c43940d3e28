package org.adabayes.report;

import static tech.tablesaw.aggregate.AggregateFunctions.countWithMissing;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.io.Csv;
import org.adabayes.rundir.EpochCsv;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Time to a target test error (AlgoPerf's measure): per setting, the mean wall-clock seconds and
 * epochs its runs took to first reach the target, summed over epoch_seconds from the first epoch.
 * A run that never reaches it is counted as such beside the mean, never dropped, since dropping
 * it would make a method that often fails look fast.
 */
public final class TimeToTable {
    private static final String EPOCH = EpochCsv.COLUMNS.get(0);
    private static final String ERROR = "test_error";
    private static final String SECONDS = "epoch_seconds";

    private TimeToTable() {}

    /** One row of the table. */
    public record Row(Group group, Setting setting, int runs, int reached, double seconds,
            double epochs) {}

    /** The rows over the averaged runs (complete, readable, not an untabled smoke run). */
    public static List<Row> build(Results res, double target) {
        Table e = res.epochs();
        Table hits = e.where(e.doubleColumn(ERROR).isLessThanOrEqualTo(target));
        Map<String, Integer> firstEpoch = new HashMap<>();
        if (hits.rowCount() > 0) {
            Table first = hits.summarize(EPOCH, min).by(Results.RUN);
            for (int i = 0; i < first.rowCount(); i++) {
                firstEpoch.put(first.stringColumn(Results.RUN).get(i),
                        (int) Aggregates.number(first, min, EPOCH, i));
            }
        }
        StringColumn run = StringColumn.create(Results.RUN);
        IntColumn upTo = IntColumn.create("first");
        for (Map.Entry<String, Integer> f : firstEpoch.entrySet()) {
            run.append(f.getKey());
            upTo.append(f.getValue());
        }
        Map<String, Double> seconds = new HashMap<>();
        if (!firstEpoch.isEmpty()) {
            Table joined = e.joinOn(Results.RUN).inner(Table.create("first", run, upTo));
            Table until = joined.where(joined.intColumn(EPOCH)
                    .isLessThanOrEqualTo(joined.intColumn("first")));
            Table s = until.summarize(SECONDS, sum).by(Results.RUN);
            for (int i = 0; i < s.rowCount(); i++) {
                seconds.put(s.stringColumn(Results.RUN).get(i),
                        Aggregates.number(s, sum, SECONDS, i));
            }
        }
        StringColumn group = StringColumn.create(Results.GROUP);
        StringColumn setting = StringColumn.create(Results.SETTING);
        DoubleColumn secs = DoubleColumn.create("seconds");
        DoubleColumn epochs = DoubleColumn.create("epochs");
        IntColumn reached = IntColumn.create("reached");
        Map<Aggregates.Key, Setting> settings = new HashMap<>();
        Map<Aggregates.Key, Group> groups = new HashMap<>();
        for (RunSummary r : res.runs()) {
            if (!r.counts()) {
                continue;
            }
            Integer f = firstEpoch.get(r.id());
            group.append(Group.of(r).slug());
            setting.append(r.setting().label());
            secs.append(f == null ? Double.NaN : seconds.get(r.id()));
            epochs.append(f == null ? Double.NaN : f + 1);
            reached.append(f == null ? 0 : 1);
            Aggregates.Key k = new Aggregates.Key(Group.of(r).slug(), r.setting().label());
            settings.put(k, r.setting());
            groups.put(k, Group.of(r));
        }
        List<Row> out = new ArrayList<>();
        if (group.isEmpty()) {
            return out;
        }
        Table perRun = Table.create("time-to", group, setting, secs, epochs, reached);
        Table s = perRun.summarize(List.of("seconds", "epochs"), mean).by(Results.GROUP,
                Results.SETTING);
        Table c = perRun.summarize("reached", sum, countWithMissing).by(Results.GROUP,
                Results.SETTING);
        for (int i = 0; i < s.rowCount(); i++) {
            Aggregates.Key k = new Aggregates.Key(s.stringColumn(Results.GROUP).get(i),
                    s.stringColumn(Results.SETTING).get(i));
            out.add(new Row(groups.get(k), settings.get(k),
                    (int) Aggregates.number(c, countWithMissing, "reached", i),
                    (int) Aggregates.number(c, sum, "reached", i),
                    Aggregates.number(s, mean, "seconds", i),
                    Aggregates.number(s, mean, "epochs", i)));
        }
        out.sort(java.util.Comparator.comparing((Row r) -> Table1.paperOrder(groups.values()
                .stream().collect(java.util.stream.Collectors.toSet())).indexOf(r.group()))
                .thenComparing(Row::setting));
        return out;
    }

    /** Markdown (csv = false) or CSV text of the rows. */
    public static String render(List<Row> rows, double target, boolean csv) {
        String t = Metric.ERROR.format(target);
        if (csv) {
            List<List<String>> out = new ArrayList<>();
            for (Row r : rows) {
                out.add(List.of(r.setting().label(), r.group().dataset(), r.group().model(), t,
                        String.valueOf(r.runs()), String.valueOf(r.reached()),
                        plain(r.seconds()), plain(r.epochs())));
            }
            return Csv.write(List.of("optimizer", "dataset", "model", "target_error", "runs",
                    "reached", "mean_seconds", "mean_epochs"), out);
        }
        StringBuilder sb = new StringBuilder("Time to test error <= " + t + "%: mean wall-clock "
                + "seconds (sum of epoch_seconds up to and including the first epoch at or "
                + "below the target) and epochs, over the complete runs that reached it; runs "
                + "that never did are counted, never dropped.\n\n"
                + "| Group | Optimizer | seconds | epochs | reached |\n|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.group().title()).append(" | ").append(r.setting().label())
                    .append(" | ").append(r.reached() == 0 ? "–" : String.format(Locale.ROOT,
                            "%.1f", r.seconds()))
                    .append(" | ").append(r.reached() == 0 ? "–" : String.format(Locale.ROOT,
                            "%.1f", r.epochs()))
                    .append(" | ").append(r.reached()).append(" of ").append(r.runs())
                    .append(r.reached() < r.runs() ? " (" + (r.runs() - r.reached())
                            + " never)" : "").append(" |\n");
        }
        return sb.toString();
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}

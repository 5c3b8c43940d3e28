package org.adabayes.report;

import static tech.tablesaw.aggregate.AggregateFunctions.countWithMissing;
import static tech.tablesaw.aggregate.AggregateFunctions.last;
import static tech.tablesaw.aggregate.AggregateFunctions.mean;
import static tech.tablesaw.aggregate.AggregateFunctions.min;
import static tech.tablesaw.aggregate.AggregateFunctions.stdDev;
import static tech.tablesaw.aggregate.AggregateFunctions.sum;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.rundir.EpochCsv;
import org.adabayes.rundir.RunState;
import tech.tablesaw.aggregate.AggregateFunction;
import tech.tablesaw.aggregate.AggregateFunctions;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.NumericColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * Every number a table reports, computed by Tablesaw from the one table of all runs' epochs: a
 * run's minimum (or last value) over epochs by {@code summarize(...).by(run)}, then the mean, the
 * sample standard deviation (n - 1) and n over a setting's complete seeds, and the counts of runs
 * in each state, by {@code summarize(...).by(group, setting)}.
 */
final class Aggregates {
    static final String COUNTS = "counts";
    /** The per-run 0/1 columns whose sums are a cell's counts of runs not averaged. */
    static final List<String> STATES = List.of("complete", "running", "diverged", "failed",
            "limited", "damaged");

    private Aggregates() {}

    /** A (group, setting) pair's key in the summaries. */
    record Key(String group, String setting) {}

    /** Mean, sample std and n of one metric over a setting's averaged seeds. */
    record Stat(int n, double mean, double std) {
        static final Stat NONE = new Stat(0, Double.NaN, Double.NaN);
    }

    /**
     * One row per run: its group, setting, seed, state columns and the reduction of each given
     * epochs.csv column (NaN where it has no epochs).
     */
    static Table perRun(Results res, Reduction reduction, List<String> columns) {
        String fn = (reduction == Reduction.BEST ? min : last).functionName();
        Map<String, Integer> at = new HashMap<>();
        Table reduced = res.epochs();
        if (reduced.rowCount() > 0) {
            reduced = reduced.summarize(columns, reduction == Reduction.BEST ? min : last)
                    .by(Results.RUN);
            StringColumn runCol = reduced.stringColumn(Results.RUN);
            for (int i = 0; i < reduced.rowCount(); i++) {
                at.put(runCol.get(i), i);
            }
        }
        StringColumn run = StringColumn.create(Results.RUN);
        StringColumn group = StringColumn.create(Results.GROUP);
        StringColumn setting = StringColumn.create(Results.SETTING);
        LongColumn seed = LongColumn.create(Results.SEED);
        StringColumn counts = StringColumn.create(COUNTS);
        List<IntColumn> states = new ArrayList<>();
        STATES.forEach(s -> states.add(IntColumn.create(s)));
        List<DoubleColumn> values = new ArrayList<>();
        columns.forEach(c -> values.add(DoubleColumn.create(c)));
        for (RunSummary r : res.runs()) {
            run.append(r.id());
            group.append(Group.of(r).slug());
            setting.append(r.setting().label());
            seed.append(r.seed());
            String state = state(r);
            counts.append(String.valueOf(r.counts()));
            for (int s = 0; s < STATES.size(); s++) {
                states.get(s).append(STATES.get(s).equals(state) ? 1 : 0);
            }
            Integer row = at.get(r.id());
            for (int c = 0; c < columns.size(); c++) {
                values.get(c).append(row == null ? Double.NaN : ((NumericColumn<?>) reduced
                        .column(fn + " [" + columns.get(c) + "]")).getDouble(row));
            }
        }
        Table t = Table.create("runs", run, group, setting, seed, counts);
        states.forEach(t::addColumns);
        values.forEach(t::addColumns);
        return t;
    }

    /** The word a run is counted under in its cell. */
    static String state(RunSummary r) {
        if (r.damaged() != null) {
            return "damaged";
        }
        if (r.excluded()) {
            return "limited";
        }
        return r.status() == RunState.INTERRUPTED ? "running" : r.status().word();
    }

    /** Mean, sample std and n of each column over the averaged runs, by (group, setting). */
    static Map<Key, Map<String, Stat>> seedStats(Table perRun, List<String> columns) {
        Table averaged = perRun.where(perRun.stringColumn(COUNTS).isEqualTo("true"));
        Map<Key, Map<String, Stat>> out = new HashMap<>();
        if (averaged.rowCount() == 0) {
            return out;
        }
        Table s = averaged.summarize(columns, mean, stdDev, countWithMissing)
                .by(Results.GROUP, Results.SETTING);
        for (int i = 0; i < s.rowCount(); i++) {
            Map<String, Stat> m = new HashMap<>();
            for (String c : columns) {
                int n = (int) number(s, countWithMissing, c, i);
                m.put(c, new Stat(n, number(s, mean, c, i),
                        n < 2 ? Double.NaN : number(s, stdDev, c, i)));
            }
            out.put(key(s, i), m);
        }
        return out;
    }

    /** The number of runs in each state ({@link #STATES}), by (group, setting). */
    static Map<Key, Map<String, Integer>> stateCounts(Table perRun) {
        Table s = perRun.summarize(STATES, sum).by(Results.GROUP, Results.SETTING);
        Map<Key, Map<String, Integer>> out = new HashMap<>();
        for (int i = 0; i < s.rowCount(); i++) {
            Map<String, Integer> m = new HashMap<>();
            for (String st : STATES) {
                m.put(st, (int) number(s, sum, st, i));
            }
            out.put(key(s, i), m);
        }
        return out;
    }

    private static Key key(Table s, int i) {
        return new Key(s.stringColumn(Results.GROUP).get(i),
                s.stringColumn(Results.SETTING).get(i));
    }

    static double number(Table s, AggregateFunction<?, ?> fn, String column, int row) {
        return ((NumericColumn<?>) s.column(fn.functionName() + " [" + column + "]"))
                .getDouble(row);
    }

    /**
     * Per epoch (1-based) of the given runs: the mean, minimum and maximum of a column over the
     * runs, skipping missing values, as the figures draw a setting's band.
     */
    static double[][] band(Table epochs, String setting, String group, String column) {
        Table mine = epochs.where(epochs.stringColumn(Results.SETTING).isEqualTo(setting)
                .and(epochs.stringColumn(Results.GROUP).isEqualTo(group))
                .and(epochs.doubleColumn(column).isNotMissing()));
        if (mine.rowCount() == 0) {
            return new double[4][0];
        }
        Table s = mine.summarize(column, mean, min, AggregateFunctions.max)
                .by(EpochCsv.COLUMNS.get(0)).sortAscendingOn(EpochCsv.COLUMNS.get(0));
        double[][] out = new double[4][s.rowCount()];
        for (int i = 0; i < s.rowCount(); i++) {
            out[0][i] = s.intColumn(0).getInt(i) + 1;
            out[1][i] = number(s, mean, column, i);
            out[2][i] = number(s, min, column, i);
            out[3][i] = number(s, tech.tablesaw.aggregate.AggregateFunctions.max, column, i);
        }
        return out;
    }
}

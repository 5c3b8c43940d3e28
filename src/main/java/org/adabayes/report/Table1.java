package org.adabayes.report;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.adabayes.config.Method;
import org.adabayes.rundir.RunState;

/**
 * Table 1 of the paper aggregated from run summaries: optimizers as rows in the registry's order,
 * (dataset, model) x metric as columns, each cell the mean and sample std over complete runs
 * (seeds) with n, and the runs that are not complete counted beside it. Marks as the paper's: the
 * best adaptive method per column, and SGD where it beats every adaptive method. Rendering is
 * {@link Table1Format}'s, the grouping {@link RunGroups}', the paired differences
 * {@link PairedDifferences}' and the caption {@link Table1Caption}'s.
 */
public final class Table1 {
    /** One cell; mean and std over the n complete runs. */
    public record Cell(List<Double> values, int running, int diverged, int failed, int limited,
            Double paper, boolean bold) {
        public int n() {
            return values.size();
        }

        public double mean() {
            return Stats.mean(values);
        }

        public double std() {
            return Stats.sampleStd(values);
        }

        Cell marked() {
            return new Cell(values, running, diverged, failed, limited, paper, true);
        }
    }

    /** Mean paired difference (method minus reference) over shared seeds, with its SE. */
    public record Paired(Group group, Metric metric, Method method,
            Method reference, int n, double mean, double se) {}

    private record Key(Method optimizer, Group group, Metric metric) {}

    private final List<Method> rows;
    private final List<Group> groups;
    private final Map<Key, Cell> cells;
    private final List<Paired> paired;
    private final Table1Caption caption;

    private Table1(List<Method> rows, List<Group> groups, Map<Key, Cell> cells,
            List<Paired> paired, Table1Caption caption) {
        this.rows = rows;
        this.groups = groups;
        this.cells = cells;
        this.paired = paired;
        this.caption = caption;
    }

    /**
     * Builds the table.
     *
     * @param reduction minimum over epochs (the paper's definition) or the last epoch
     * @param comparePaper null = when every group is one of the paper's
     */
    public static Table1 build(List<RunSummary> runs, Reduction reduction, Boolean comparePaper,
            boolean allowMixed) {
        Map<Group, Map<Method, List<RunSummary>>> byGroup = RunGroups.byGroup(runs);
        if (!allowMixed) {
            RunGroups.checkProtocols(byGroup);
        }
        List<Group> groups = RunGroups.paperOrder(byGroup.keySet());
        boolean compare = comparePaper != null ? comparePaper
                : groups.stream().allMatch(g -> PaperTable.covers(g.dataset(), g.model()));
        Set<Method> present = new TreeSet<>();
        byGroup.values().forEach(m -> present.addAll(m.keySet()));
        List<Method> rows = new ArrayList<>(present);
        Map<Key, Cell> cells = new HashMap<>();
        Map<RunState, Integer> counts = new EnumMap<>(RunState.class);
        runs.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        for (Group g : groups) {
            for (Metric metric : Metric.values()) {
                for (Method o : rows) {
                    List<RunSummary> rs = byGroup.get(g).getOrDefault(o, List.of());
                    cells.put(new Key(o, g, metric), cell(rs, o, g, metric, reduction, compare));
                }
                mark(cells, rows, g, metric);
            }
        }
        long limited = cells.values().stream().mapToLong(Cell::limited).sum();
        return new Table1(rows, groups, cells, PairedDifferences.of(byGroup, groups, reduction),
                new Table1Caption(reduction, compare, counts, limited));
    }

    private static Cell cell(List<RunSummary> rs, Method o, Group g, Metric metric,
            Reduction reduction, boolean compare) {
        List<Double> v = new ArrayList<>();
        int running = 0;
        int diverged = 0;
        int failed = 0;
        int limited = 0;
        for (RunSummary r : rs) {
            if (r.limited() != null) {
                limited++;
                continue;
            }
            switch (r.status()) {
                case COMPLETE -> v.add(r.metric(metric, reduction));
                case DIVERGED -> diverged++;
                case FAILED -> failed++;
                case RUNNING, INTERRUPTED -> running++;
            }
        }
        double[] paper = compare ? PaperTable.lookup(o, g.dataset(), g.model()) : null;
        return new Cell(v, running, diverged, failed, limited,
                paper == null ? null : paper[metric.ordinal()], false);
    }

    private static void mark(Map<Key, Cell> cells, List<Method> rows, Group g,
            Metric metric) {
        Method bestAdaptive = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (Method o : rows) {
            Cell c = cells.get(new Key(o, g, metric));
            if (o.isAdaptive() && c.n() > 0 && c.mean() < bestValue) {
                bestValue = c.mean();
                bestAdaptive = o;
            }
        }
        if (bestAdaptive != null) {
            cells.computeIfPresent(new Key(bestAdaptive, g, metric), (k, c) -> c.marked());
        }
        for (Method o : rows) {
            Cell c = cells.get(new Key(o, g, metric));
            if (!o.isAdaptive() && c.n() > 0 && c.mean() < bestValue) {
                cells.put(new Key(o, g, metric), c.marked());
            }
        }
    }

    public Cell cell(Method optimizer, Group g, Metric metric) {
        return cells.get(new Key(optimizer, g, metric));
    }

    public List<Group> groups() {
        return groups;
    }

    public List<Method> rows() {
        return rows;
    }

    public List<Paired> paired() {
        return paired;
    }

    public boolean comparesPaper() {
        return caption.comparesPaper();
    }

    /** The caption: what the numbers are, which std, how many runs. */
    public String caption() {
        return caption.text();
    }
}

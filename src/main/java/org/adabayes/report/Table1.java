package org.adabayes.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.Method;
import org.adabayes.optim.OptimizerKind;
import org.adabayes.rundir.RunState;

/**
 * Table 1 of the paper aggregated from run summaries: optimizers as rows in the registry's order,
 * (dataset, model) x metric as columns, each cell the mean and sample std over complete runs
 * (seeds) with n, and the runs that are not complete counted beside it. Marks as the paper's: the
 * best adaptive method per column, and SGD where it beats every adaptive method. Rendering is
 * {@link Table1Format}'s.
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

    private static final List<String> PAPER_ORDER = List.of("cifar10|resnet34",
            "cifar10|densenet121", "cifar100|resnet34", "cifar100|densenet121");

    private final List<Method> rows;
    private final List<Group> groups;
    private final Map<Key, Cell> cells;
    private final List<Paired> paired;
    private final Reduction reduction;
    private final boolean comparePaper;
    private final Map<RunState, Integer> statusCounts;
    private final long limited;

    private Table1(List<Method> rows, List<Group> groups, Map<Key, Cell> cells,
            List<Paired> paired, Reduction reduction, boolean comparePaper,
            Map<RunState, Integer> statusCounts) {
        this.rows = rows;
        this.groups = groups;
        this.cells = cells;
        this.paired = paired;
        this.reduction = reduction;
        this.comparePaper = comparePaper;
        this.statusCounts = statusCounts;
        this.limited = cells.values().stream().mapToLong(Cell::limited).sum();
    }

    /**
     * Builds the table.
     *
     * @param reduction minimum over epochs (the paper's definition) or the last epoch
     * @param comparePaper null = when every group is one of the paper's
     */
    public static Table1 build(List<RunSummary> runs, Reduction reduction, Boolean comparePaper,
            boolean allowMixed) {
        Map<Group, Map<Method, List<RunSummary>>> byGroup = byGroup(runs);
        if (!allowMixed) {
            checkProtocols(byGroup);
        }
        List<Group> groups = new ArrayList<>(byGroup.keySet());
        groups.sort(Comparator.comparingInt((Group g) -> {
            int i = PAPER_ORDER.indexOf(g.dataset() + "|" + g.model());
            return i < 0 ? PAPER_ORDER.size() : i;
        }).thenComparing(Group::dataset).thenComparing(Group::model));
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
        return new Table1(rows, groups, cells, pairs(byGroup, groups, reduction), reduction,
                compare, counts);
    }

    static Map<Group, Map<Method, List<RunSummary>>> byGroup(List<RunSummary> runs) {
        Map<Group, Map<Method, List<RunSummary>>> byGroup = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            byGroup.computeIfAbsent(Group.of(r), g -> new TreeMap<>())
                    .computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r);
        }
        return byGroup;
    }

    private static void checkProtocols(Map<Group, Map<Method, List<RunSummary>>> byGroup) {
        for (Map.Entry<Group, Map<Method, List<RunSummary>>> e : byGroup.entrySet()) {
            Set<String> protocols = new TreeSet<>();
            e.getValue().values().forEach(l -> l.forEach(r -> protocols.add(r.protocol())));
            if (protocols.size() > 1) {
                throw new UserInputException(e.getKey().title() + ": runs with different "
                        + "protocols in one group (" + String.join(" | ", protocols)
                        + "); pass --allow-mixed to table them anyway");
            }
        }
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
                case RUNNING -> running++;
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

    /**
     * Paired differences over shared seeds: every adaptive method against AdaBayes and
     * AdaBayes-FP (the paper's comparison), and every variant (AdamW+NAWD, Adam+centred, ...)
     * against its own optimizer's paper rule, the comparison the 2018 suggestions need.
     */
    private static List<Paired> pairs(Map<Group, Map<Method, List<RunSummary>>> byGroup,
            List<Group> groups, Reduction reduction) {
        List<Paired> out = new ArrayList<>();
        for (Group g : groups) {
            Map<Method, List<RunSummary>> m = byGroup.get(g);
            for (Method ref : references()) {
                for (Method o : m.keySet()) {
                    if (o.isAdaptive() && !o.equals(ref)) {
                        pair(out, g, m, o, ref, reduction);
                    }
                }
            }
            for (Method o : m.keySet()) {
                Method paper = Method.of(o.kind());
                if (!o.isPaperRule() && !references().contains(paper)) {
                    pair(out, g, m, o, paper, reduction);
                }
            }
        }
        return out;
    }

    private static void pair(List<Paired> out, Group g, Map<Method, List<RunSummary>> m,
            Method o, Method ref, Reduction reduction) {
        Map<Long, RunSummary> refRuns = complete(m.get(ref));
        Map<Long, RunSummary> mine = complete(m.get(o));
        for (Metric metric : Metric.values()) {
            List<Double> d = new ArrayList<>();
            for (Map.Entry<Long, RunSummary> e : mine.entrySet()) {
                RunSummary r = refRuns.get(e.getKey());
                if (r != null) {
                    d.add(e.getValue().metric(metric, reduction) - r.metric(metric, reduction));
                }
            }
            if (d.size() >= 2) {
                out.add(new Paired(g, metric, o, ref, d.size(), Stats.mean(d),
                        Stats.sampleStd(d) / Math.sqrt(d.size())));
            }
        }
    }

    /** The AdaBayes family, the paper's own method first (the registry lists it last). */
    private static List<Method> references() {
        return List.of(Method.of(OptimizerKind.ADABAYES), Method.of(OptimizerKind.ADABAYES_FP));
    }

    private static Map<Long, RunSummary> complete(List<RunSummary> runs) {
        Map<Long, RunSummary> m = new TreeMap<>();
        if (runs != null) {
            runs.stream().filter(r -> r.status() == RunState.COMPLETE && r.limited() == null)
                    .forEach(r -> m.put(r.seed(), r));
        }
        return m;
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
        return comparePaper;
    }

    /** The caption: what the numbers are, which std, how many runs. */
    public String caption() {
        String counts = statusCounts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().word())
                .collect(Collectors.joining(", "));
        return "Table 1: " + reduction.words() + " of test error (%) "
                + "and test loss; mean ± sample std (n - 1 denominator) over complete runs "
                + "(seeds), n per cell; runs not complete are counted in the cell, never averaged. "
                + (limited > 0 ? "Runs limited to a few batches per epoch (--max-batches) are "
                        + "counted as limited, never averaged. " : "")
                + "Bold: best adaptive method per column; SGD bold where it beats every adaptive "
                + "method." + (comparePaper ? " [paper value, difference] from the AdaBayes "
                        + "paper's Table 1 (single runs)." : "") + " Runs: " + counts + ".";
    }
}

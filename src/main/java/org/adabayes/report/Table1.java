package org.adabayes.report;

import com.fasterxml.jackson.databind.JsonNode;
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
import org.adabayes.config.ConfigCodec;
import org.adabayes.config.Method;
import org.adabayes.io.UserInputException;
import org.adabayes.rundir.RunState;
import tech.tablesaw.api.Table;

/**
 * Table 1 of the paper aggregated from run directories: settings as rows (an optimizer with its
 * hyper-parameters, in the registry's order), (dataset, model) x metric as columns, each cell the
 * mean and sample std over the setting's complete runs (seeds) with n, and the runs that are not
 * complete counted beside it. The numbers are Tablesaw's ({@link Aggregates}). Marks as the
 * paper's: the best adaptive row per column, and SGD where it beats every adaptive row. A sweep is
 * read with a swept key in a column of its own ({@link Options#by}) or with the best value of it
 * picked per optimizer ({@link Options#bestOf}). Rendering is {@link Table1Format}'s, the paired
 * differences {@link PairedDifferences}' and the caption {@link Table1Caption}'s.
 */
public final class Table1 {
    /** What to put beside the epochs.csv columns a table can select on. */
    public static final List<String> SELECTABLE = List.of("train_loss", "train_error",
            "test_loss", "test_error");

    /**
     * How to build a table.
     *
     * @param reduction minimum over epochs (the paper's definition) or the last epoch
     * @param comparePaper null = when every group is one of the paper's
     * @param by a config key shown in a column of its own, or null
     * @param bestOf a config key whose best value is picked per optimizer, or null
     * @param select the epochs.csv column the pick minimises (reduced as the table is)
     */
    public record Options(Reduction reduction, Boolean comparePaper, boolean allowMixed,
            String by, String bestOf, String select) {
        public static Options of(Reduction reduction) {
            return new Options(reduction, null, false, null, null, null);
        }
    }

    /**
     * One row: a setting, or with --best-of, an optimizer whose cells each come from the setting
     * that won in that column's group.
     *
     * @param byValue the --by key's value, else null
     */
    public record Row(String label, Method method, String byValue) {}

    /** One cell; mean and std over the n complete runs. */
    public record Cell(int n, double mean, double std, int running, int diverged, int failed,
            int limited, int damaged, Double paper, boolean bold, String chosen) {
        static final Cell EMPTY = new Cell(0, Double.NaN, Double.NaN, 0, 0, 0, 0, 0, null,
                false, null);

        Cell marked() {
            return new Cell(n, mean, std, running, diverged, failed, limited, damaged, paper,
                    true, chosen);
        }
    }

    /** Mean paired difference (setting minus reference) over shared seeds, with its SE. */
    public record Paired(Group group, Metric metric, Setting method, Setting reference, int n,
            double mean, double se) {}

    private record Key(Row row, Group group, Metric metric) {}

    private final List<Row> rows;
    private final List<Group> groups;
    private final Map<Key, Cell> cells;
    private final List<Paired> paired;
    private final Table1Caption caption;
    private final String by;

    private Table1(List<Row> rows, List<Group> groups, Map<Key, Cell> cells,
            List<Paired> paired, Table1Caption caption, String by) {
        this.rows = rows;
        this.groups = groups;
        this.cells = cells;
        this.paired = paired;
        this.caption = caption;
        this.by = by;
    }

    /** Builds the table. */
    public static Table1 build(Results res, Options opt) {
        List<RunSummary> runs = res.runs();
        Map<Group, Map<Setting, List<RunSummary>>> byGroup = byGroup(runs);
        if (!opt.allowMixed()) {
            checkProtocols(byGroup);
        }
        List<Group> groups = paperOrder(byGroup.keySet());
        boolean compare = opt.comparePaper() != null ? opt.comparePaper()
                : groups.stream().allMatch(g -> PaperTable.covers(g.dataset(), g.model()));
        List<String> columns = new ArrayList<>(List.of(Metric.ERROR.column(),
                Metric.LOSS.column()));
        if (opt.select() != null && !columns.contains(opt.select())) {
            columns.add(opt.select());
        }
        Table perRun = Aggregates.perRun(res, opt.reduction(), columns);
        Map<Aggregates.Key, Map<String, Aggregates.Stat>> stats =
                Aggregates.seedStats(perRun, columns);
        Map<Aggregates.Key, Map<String, Integer>> counts = Aggregates.stateCounts(perRun);
        Map<Row, Map<Group, Setting>> layout = opt.bestOf() != null
                ? bestOf(byGroup, groups, opt.bestOf(), opt.select(), stats)
                : settings(byGroup, opt.by());
        Map<Key, Cell> cells = new HashMap<>();
        List<Row> rows = new ArrayList<>(layout.keySet());
        for (Group g : groups) {
            for (Metric metric : Metric.values()) {
                for (Row row : rows) {
                    Setting s = layout.get(row).get(g);
                    cells.put(new Key(row, g, metric), s == null ? Cell.EMPTY
                            : cell(s, g, metric, stats, counts, compare,
                                    opt.bestOf() == null ? null : field(opt.bestOf()) + "="
                                            + configValue(byGroup.get(g).get(s), opt.bestOf())));
                }
                mark(cells, rows, g, metric);
            }
        }
        Map<RunState, Integer> states = new EnumMap<>(RunState.class);
        runs.stream().filter(r -> r.damaged() == null)
                .forEach(r -> states.merge(r.status(), 1, Integer::sum));
        long limited = runs.stream().filter(RunSummary::excluded).count();
        long tabledLimited = runs.stream().filter(r -> r.setting().limited() != null).count();
        List<Paired> paired = opt.bestOf() != null ? List.of()
                : PairedDifferences.of(byGroup, groups, perRun);
        return new Table1(rows, groups, cells, paired, new Table1Caption(opt, compare, states,
                res.damaged().size(), limited, tabledLimited), opt.by());
    }

    /** Runs by (dataset, model) and then by setting, groups in the order the runs came. */
    static Map<Group, Map<Setting, List<RunSummary>>> byGroup(List<RunSummary> runs) {
        Map<Group, Map<Setting, List<RunSummary>>> byGroup = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            byGroup.computeIfAbsent(Group.of(r), g -> new TreeMap<>())
                    .computeIfAbsent(r.setting(), o -> new ArrayList<>()).add(r);
        }
        return byGroup;
    }

    private static final List<String> PAPER_ORDER = List.of("cifar10|resnet34",
            "cifar10|densenet121", "cifar100|resnet34", "cifar100|densenet121");

    /** The paper's columns in the paper's order, so the two tables read side by side. */
    static List<Group> paperOrder(Set<Group> groups) {
        List<Group> sorted = new ArrayList<>(groups);
        sorted.sort(Comparator.comparingInt((Group g) -> {
            int i = PAPER_ORDER.indexOf(g.dataset() + "|" + g.model());
            return i < 0 ? PAPER_ORDER.size() : i;
        }).thenComparing(Group::dataset).thenComparing(Group::model));
        return sorted;
    }

    /** Runs of different protocols (epochs, batch, schedule) are not seeds of one experiment. */
    static void checkProtocols(Map<Group, Map<Setting, List<RunSummary>>> byGroup) {
        for (Map.Entry<Group, Map<Setting, List<RunSummary>>> e : byGroup.entrySet()) {
            Set<String> protocols = new TreeSet<>();
            e.getValue().values().forEach(l -> l.forEach(r -> protocols.add(r.protocol())));
            if (protocols.size() > 1) {
                throw new UserInputException(e.getKey().title() + ": runs with different "
                        + "protocols in one group (" + String.join(" | ", protocols)
                        + "); pass --allow-mixed to table them anyway");
            }
        }
    }

    /** One row per setting; with --by, labelled without the key and its value beside. */
    private static Map<Row, Map<Group, Setting>> settings(
            Map<Group, Map<Setting, List<RunSummary>>> byGroup, String by) {
        TreeMap<Setting, Map<Group, Setting>> sorted = new TreeMap<>();
        Map<Setting, String> values = new HashMap<>();
        for (Map.Entry<Group, Map<Setting, List<RunSummary>>> g : byGroup.entrySet()) {
            for (Map.Entry<Setting, List<RunSummary>> s : g.getValue().entrySet()) {
                sorted.computeIfAbsent(s.getKey(), k -> new HashMap<>()).put(g.getKey(),
                        s.getKey());
                if (by != null) {
                    values.put(s.getKey(), configValue(s.getValue(), by));
                }
            }
        }
        List<Setting> order = new ArrayList<>(sorted.keySet());
        if (by != null) {
            order.sort(Comparator.comparing((Setting s) -> s.method())
                    .thenComparing(s -> s.label(by))
                    .thenComparing(values::get, Setting::compareValues));
        }
        Map<Row, Map<Group, Setting>> out = new LinkedHashMap<>();
        for (Setting s : order) {
            out.put(new Row(by == null ? s.label() : s.label(by), s.method(),
                    by == null ? null : values.get(s)), sorted.get(s));
        }
        return out;
    }

    /**
     * A config key's value in a setting's runs, as text; every run of the setting must agree, or
     * the key is not an axis that settings differ in (the seed, say).
     */
    static String configValue(List<RunSummary> runs, String key) {
        Set<String> seen = new TreeSet<>();
        for (RunSummary r : runs) {
            JsonNode n = ConfigCodec.toTree(r.config()).at("/" + key.replace('.', '/'));
            if (n.isMissingNode() || n.isContainerNode()) {
                throw new UserInputException("--by " + key + ": not a value in " + r.dir()
                        + "/config.yaml (give a key such as optimizer.lr)");
            }
            seen.add(n.isNumber() ? Setting.text(n.numberValue()) : n.asText());
        }
        if (seen.size() > 1) {
            throw new UserInputException("--by " + key + ": the runs of one setting differ in it ("
                    + String.join(", ", seen) + "); a table averages over seeds, so give a key "
                    + "that settings differ in, such as optimizer.lr");
        }
        return seen.iterator().next();
    }

    /**
     * Per optimizer (its setting without the key) and group: the setting whose mean over seeds of
     * the selection column is lowest. A setting with no complete run cannot win.
     */
    private static Map<Row, Map<Group, Setting>> bestOf(
            Map<Group, Map<Setting, List<RunSummary>>> byGroup, List<Group> groups, String key,
            String select, Map<Aggregates.Key, Map<String, Aggregates.Stat>> stats) {
        TreeMap<Setting, String> families = new TreeMap<>();
        Map<String, Map<Group, Setting>> best = new HashMap<>();
        for (Group g : groups) {
            for (Setting s : byGroup.get(g).keySet()) {
                String family = s.label(key);
                families.putIfAbsent(s, family);
                Aggregates.Stat st = stats.getOrDefault(new Aggregates.Key(g.slug(), s.label()),
                        Map.of()).getOrDefault(select, Aggregates.Stat.NONE);
                Map<Group, Setting> m = best.computeIfAbsent(family, f -> new HashMap<>());
                Setting cur = m.get(g);
                Aggregates.Stat curSt = cur == null ? Aggregates.Stat.NONE
                        : stats.getOrDefault(new Aggregates.Key(g.slug(), cur.label()), Map.of())
                                .getOrDefault(select, Aggregates.Stat.NONE);
                if (cur == null || st.n() > 0 && (curSt.n() == 0 || st.mean() < curSt.mean())) {
                    m.put(g, s);
                }
            }
        }
        Map<Row, Map<Group, Setting>> out = new LinkedHashMap<>();
        for (Map.Entry<Setting, String> f : families.entrySet()) {
            Row row = new Row(f.getValue(), f.getKey().method(), null);
            out.putIfAbsent(row, best.get(f.getValue()));
        }
        return out;
    }

    private static String field(String key) {
        return key.substring(key.lastIndexOf('.') + 1);
    }

    private static Cell cell(Setting s, Group g, Metric metric,
            Map<Aggregates.Key, Map<String, Aggregates.Stat>> stats,
            Map<Aggregates.Key, Map<String, Integer>> counts, boolean compare, String chosen) {
        Aggregates.Key k = new Aggregates.Key(g.slug(), s.label());
        Aggregates.Stat st = stats.getOrDefault(k, Map.of()).getOrDefault(metric.column(),
                Aggregates.Stat.NONE);
        Map<String, Integer> c = counts.getOrDefault(k, Map.of());
        double[] paper = compare && s.isDefault() && s.limited() == null
                ? PaperTable.lookup(s.method(), g.dataset(), g.model()) : null;
        return new Cell(st.n(), st.mean(), st.std(), c.getOrDefault("running", 0),
                c.getOrDefault("diverged", 0), c.getOrDefault("failed", 0),
                c.getOrDefault("limited", 0), c.getOrDefault("damaged", 0),
                paper == null ? null : paper[metric.ordinal()], false, chosen);
    }

    private static void mark(Map<Key, Cell> cells, List<Row> rows, Group g, Metric metric) {
        Row bestAdaptive = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (Row o : rows) {
            Cell c = cells.get(new Key(o, g, metric));
            if (o.method().isAdaptive() && c.n() > 0 && c.mean() < bestValue) {
                bestValue = c.mean();
                bestAdaptive = o;
            }
        }
        if (bestAdaptive != null) {
            cells.computeIfPresent(new Key(bestAdaptive, g, metric), (k, c) -> c.marked());
        }
        for (Row o : rows) {
            Cell c = cells.get(new Key(o, g, metric));
            if (!o.method().isAdaptive() && c.n() > 0 && c.mean() < bestValue) {
                cells.put(new Key(o, g, metric), c.marked());
            }
        }
    }

    public Cell cell(Row row, Group g, Metric metric) {
        return cells.get(new Key(row, g, metric));
    }

    /** The cell of the row with this label. */
    public Cell cell(String label, Group g, Metric metric) {
        return rows.stream().filter(r -> r.label().equals(label)).findFirst()
                .map(r -> cell(r, g, metric))
                .orElseThrow(() -> new IllegalArgumentException("no row " + label + " in "
                        + rows));
    }

    public List<Group> groups() {
        return groups;
    }

    public List<Row> rows() {
        return rows;
    }

    public List<Paired> paired() {
        return paired;
    }

    /** The --by key, or null. */
    public String by() {
        return by;
    }

    public boolean comparesPaper() {
        return caption.comparesPaper();
    }

    /** The caption: what the numbers are, which std, how many runs. */
    public String caption() {
        return caption.text();
    }
}

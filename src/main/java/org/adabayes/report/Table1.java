package org.adabayes.report;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.adabayes.config.OptimizerSpec;

/**
 * Table 1 of the paper from run summaries: optimizers as rows in the paper's order, (dataset,
 * model) x (test error, test loss) as columns, each cell the mean and sample std over complete
 * runs (seeds) with n, and the runs that are not complete counted beside it. Marks as the paper's:
 * the best adaptive method per column, and SGD where it beats every adaptive method.
 */
public final class Table1 {
    /** A (dataset, model) pair: two columns of the table. */
    public record Group(String dataset, String model) {
        public String title() {
            String d = switch (dataset) {
                case "cifar10" -> "CIFAR-10";
                case "cifar100" -> "CIFAR-100";
                case "fashion-mnist" -> "Fashion-MNIST";
                default -> dataset;
            };
            String m = model.replace("resnet34", "ResNet-34").replace("resnet18", "ResNet-18")
                    .replace("densenet121", "DenseNet-121");
            return d + " " + m;
        }
    }

    /** One cell; mean and std over the n complete runs. */
    public record Cell(List<Double> values, int running, int diverged, int failed, double[] paper,
            boolean bold) {
        public int n() {
            return values.size();
        }

        public double mean() {
            return Stats.mean(values);
        }

        public double std() {
            return Stats.sampleStd(values);
        }
    }

    /** Mean paired difference (method minus reference) over shared seeds, with its SE. */
    public record Paired(Group group, String metric, String method, String reference, int n,
            double mean, double se) {}

    static final List<String> METRICS = List.of("error", "loss");

    private final List<String> rows;
    private final List<Group> groups;
    private final Map<String, Cell> cells;
    private final List<Paired> paired;
    private final boolean best;
    private final boolean comparePaper;
    private final Map<String, Integer> statusCounts;

    private Table1(List<String> rows, List<Group> groups, Map<String, Cell> cells,
            List<Paired> paired, boolean best, boolean comparePaper,
            Map<String, Integer> statusCounts) {
        this.rows = rows;
        this.groups = groups;
        this.cells = cells;
        this.paired = paired;
        this.best = best;
        this.comparePaper = comparePaper;
        this.statusCounts = statusCounts;
    }

    static String key(String optimizer, Group g, String metric) {
        return optimizer + "|" + g.dataset() + "|" + g.model() + "|" + metric;
    }

    /**
     * Builds the table.
     *
     * @param best minimum over epochs (the paper's definition) or the last epoch
     * @param comparePaper null = when every group is one of the paper's
     */
    public static Table1 build(List<RunSummary> runs, boolean best, Boolean comparePaper,
            boolean allowMixed) {
        Map<Group, Map<String, List<RunSummary>>> byGroup = new LinkedHashMap<>();
        for (RunSummary r : runs) {
            byGroup.computeIfAbsent(new Group(r.dataset(), r.model()), g -> new TreeMap<>())
                    .computeIfAbsent(r.optimizer(), o -> new ArrayList<>()).add(r);
        }
        if (!allowMixed) {
            for (Map.Entry<Group, Map<String, List<RunSummary>>> e : byGroup.entrySet()) {
                Set<String> protocols = new TreeSet<>();
                e.getValue().values().forEach(l -> l.forEach(r -> protocols.add(r.protocol())));
                if (protocols.size() > 1) {
                    throw new ReportException(e.getKey().title() + ": runs with different "
                            + "protocols in one group (" + String.join(" | ", protocols)
                            + "); pass --allow-mixed to table them anyway");
                }
            }
        }
        List<Group> groups = new ArrayList<>(byGroup.keySet());
        List<String> paperOrder = List.of("cifar10|resnet34", "cifar10|densenet121",
                "cifar100|resnet34", "cifar100|densenet121");
        groups.sort(Comparator.comparingInt((Group g) -> {
            int i = paperOrder.indexOf(g.dataset() + "|" + g.model());
            return i < 0 ? paperOrder.size() : i;
        }).thenComparing(Group::dataset).thenComparing(Group::model));
        boolean compare = comparePaper != null ? comparePaper
                : groups.stream().allMatch(g -> PaperTable.covers(g.dataset(), g.model()));
        Set<String> present = new TreeSet<>();
        byGroup.values().forEach(m -> present.addAll(m.keySet()));
        List<String> rows = new ArrayList<>();
        for (String o : OptimizerSpec.NAMES) {
            if (present.contains(o)) {
                rows.add(o);
            }
        }
        Map<String, Cell> cells = new HashMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        runs.forEach(r -> counts.merge(r.status(), 1, Integer::sum));
        for (Group g : groups) {
            for (String metric : METRICS) {
                String column = metric.equals("error") ? "test_error" : "test_loss";
                Map<String, List<Double>> vals = new HashMap<>();
                for (String o : rows) {
                    List<RunSummary> rs = byGroup.get(g).getOrDefault(o, List.of());
                    List<Double> v = new ArrayList<>();
                    int running = 0;
                    int diverged = 0;
                    int failed = 0;
                    for (RunSummary r : rs) {
                        switch (r.status()) {
                            case "complete" -> v.add(r.metric(column, best));
                            case "diverged" -> diverged++;
                            case "failed" -> failed++;
                            default -> running++;
                        }
                    }
                    vals.put(o, v);
                    double[] paper = compare ? PaperTable.lookup(o, g.dataset(), g.model()) : null;
                    cells.put(key(o, g, metric), new Cell(v, running, diverged, failed,
                            paper == null ? null : new double[] {paper[metric.equals("error")
                                    ? 0 : 1]}, false));
                }
                mark(cells, rows, g, metric);
            }
        }
        return new Table1(rows, groups, cells, pairs(byGroup, groups, best), best, compare,
                counts);
    }

    private static void mark(Map<String, Cell> cells, List<String> rows, Group g, String metric) {
        String bestAdaptive = null;
        double bestValue = Double.POSITIVE_INFINITY;
        for (String o : rows) {
            Cell c = cells.get(key(o, g, metric));
            if (!o.equals("sgd") && c.n() > 0 && c.mean() < bestValue) {
                bestValue = c.mean();
                bestAdaptive = o;
            }
        }
        if (bestAdaptive != null) {
            bold(cells, key(bestAdaptive, g, metric));
        }
        Cell sgd = cells.get(key("sgd", g, metric));
        if (sgd != null && sgd.n() > 0 && sgd.mean() < bestValue) {
            bold(cells, key("sgd", g, metric));
        }
    }

    private static void bold(Map<String, Cell> cells, String k) {
        Cell c = cells.get(k);
        cells.put(k, new Cell(c.values(), c.running(), c.diverged(), c.failed(), c.paper(), true));
    }

    private static List<Paired> pairs(Map<Group, Map<String, List<RunSummary>>> byGroup,
            List<Group> groups, boolean best) {
        List<Paired> out = new ArrayList<>();
        for (Group g : groups) {
            Map<String, List<RunSummary>> m = byGroup.get(g);
            for (String ref : List.of("adabayes", "adabayes-fp")) {
                Map<Long, RunSummary> refRuns = complete(m.get(ref));
                if (refRuns.size() < 2) {
                    continue;
                }
                for (String o : OptimizerSpec.NAMES) {
                    if (o.equals("sgd") || o.equals(ref) || !m.containsKey(o)) {
                        continue;
                    }
                    Map<Long, RunSummary> mine = complete(m.get(o));
                    for (String metric : METRICS) {
                        String column = metric.equals("error") ? "test_error" : "test_loss";
                        List<Double> d = new ArrayList<>();
                        for (Map.Entry<Long, RunSummary> e : mine.entrySet()) {
                            RunSummary r = refRuns.get(e.getKey());
                            if (r != null) {
                                d.add(e.getValue().metric(column, best) - r.metric(column, best));
                            }
                        }
                        if (d.size() >= 2) {
                            out.add(new Paired(g, metric, o, ref, d.size(), Stats.mean(d),
                                    Stats.sampleStd(d) / Math.sqrt(d.size())));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static Map<Long, RunSummary> complete(List<RunSummary> runs) {
        Map<Long, RunSummary> m = new TreeMap<>();
        if (runs != null) {
            runs.stream().filter(r -> r.status().equals("complete"))
                    .forEach(r -> m.put(r.seed(), r));
        }
        return m;
    }

    public Cell cell(String optimizer, Group g, String metric) {
        return cells.get(key(optimizer, g, metric));
    }

    public List<Group> groups() {
        return groups;
    }

    public List<String> rows() {
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
        String counts = statusCounts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
        return "Table 1: " + (best ? "minimum over epochs" : "final epoch") + " of test error (%) "
                + "and test loss; mean ± sample std (n - 1 denominator) over complete runs "
                + "(seeds), n per cell; runs not complete are counted in the cell, never averaged. "
                + "Bold: best adaptive method per column; SGD bold where it beats every adaptive "
                + "method." + (comparePaper ? " [paper value, difference] from the AdaBayes "
                        + "paper's Table 1 (single runs)." : "") + " Runs: " + counts + ".";
    }

    static String num(String metric, double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        return String.format(Locale.ROOT, metric.equals("error") ? "%.2f" : "%.3f", v);
    }

    static String signed(String metric, double v) {
        return (v >= 0 ? "+" : "") + num(metric, v);
    }

    /** The cell's text without marks: "5.17 ± 0.10 (n=3) [paper 5.17, +0.00]". */
    String text(Cell c, String metric, String pm) {
        StringBuilder sb = new StringBuilder();
        if (c.n() == 0) {
            sb.append("–");
        } else {
            sb.append(num(metric, c.mean()));
            if (c.n() > 1) {
                sb.append(' ').append(pm).append(' ').append(num(metric, c.std()));
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("n=" + c.n());
        if (c.running() > 0) {
            notes.add(c.running() + " running");
        }
        if (c.diverged() > 0) {
            notes.add(c.diverged() + " diverged");
        }
        if (c.failed() > 0) {
            notes.add(c.failed() + " failed");
        }
        sb.append(" (").append(String.join(", ", notes)).append(')');
        if (c.paper() != null && c.n() > 0) {
            sb.append(" [paper ").append(num(metric, c.paper()[0])).append(", ")
                    .append(signed(metric, c.mean() - c.paper()[0])).append(']');
        }
        return sb.toString();
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder(caption()).append("\n\n| Optimizer |");
        for (Group g : groups) {
            sb.append(' ').append(g.title()).append(" error (%) | ").append(g.title())
                    .append(" loss |");
        }
        sb.append("\n|---|");
        sb.append("---|".repeat(groups.size() * 2)).append('\n');
        for (String o : rows) {
            sb.append("| ").append(OptimizerSpec.displayName(o)).append(" |");
            for (Group g : groups) {
                for (String metric : METRICS) {
                    Cell c = cell(o, g, metric);
                    String t = text(c, metric, "±");
                    if (c.bold()) {
                        int cut = t.indexOf(" (");
                        t = "**" + t.substring(0, cut) + "**" + t.substring(cut);
                    }
                    sb.append(' ').append(t).append(" |");
                }
            }
            sb.append('\n');
        }
        if (!paired.isEmpty()) {
            sb.append("\nPaired differences over shared seeds (method minus reference; positive: "
                    + "the reference is better), mean ± standard error, n pairs:\n\n"
                    + "| Group | Metric | Method | vs | Mean difference | n |\n"
                    + "|---|---|---|---|---|---|\n");
            for (Paired p : paired) {
                sb.append("| ").append(p.group().title()).append(" | ").append(p.metric())
                        .append(" | ").append(OptimizerSpec.displayName(p.method())).append(" | ")
                        .append(OptimizerSpec.displayName(p.reference())).append(" | ")
                        .append(signed(p.metric(), p.mean())).append(" ± ")
                        .append(num(p.metric(), p.se())).append(" | ").append(p.n())
                        .append(" |\n");
            }
        }
        return sb.toString();
    }

    public String csv() {
        StringBuilder sb = new StringBuilder("optimizer,dataset,model,metric,n,mean,std,running,"
                + "diverged,failed,bold,paper,difference\n");
        for (String o : rows) {
            for (Group g : groups) {
                for (String metric : METRICS) {
                    Cell c = cell(o, g, metric);
                    double paper = c.paper() == null ? Double.NaN : c.paper()[0];
                    sb.append(String.join(",", OptimizerSpec.displayName(o), g.dataset(),
                            g.model(), metric, String.valueOf(c.n()), plain(c.mean()),
                            plain(c.std()), String.valueOf(c.running()),
                            String.valueOf(c.diverged()), String.valueOf(c.failed()),
                            String.valueOf(c.bold()), plain(paper),
                            plain(c.mean() - paper))).append('\n');
                }
            }
        }
        return sb.toString();
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    public String latex() {
        StringBuilder sb = new StringBuilder("% ").append(caption()).append('\n');
        sb.append("\\begin{tabular}{l").append("rr".repeat(groups.size())).append("}\n\\hline\n");
        sb.append("Optimizer");
        for (Group g : groups) {
            sb.append(" & \\multicolumn{2}{c}{").append(g.title()).append('}');
        }
        sb.append(" \\\\\n");
        for (Group g : groups) {
            sb.append(" & error (\\%) & loss");
        }
        sb.append(" \\\\\n\\hline\n");
        for (String o : rows) {
            sb.append(OptimizerSpec.displayName(o));
            for (Group g : groups) {
                for (String metric : METRICS) {
                    Cell c = cell(o, g, metric);
                    String t = text(c, metric, "$\\pm$").replace("%", "\\%");
                    if (c.bold()) {
                        int cut = t.indexOf(" (");
                        t = "\\textbf{" + t.substring(0, cut) + "}" + t.substring(cut);
                    }
                    sb.append(" & ").append(t);
                }
            }
            sb.append(" \\\\\n");
        }
        sb.append("\\hline\n\\end{tabular}\n");
        return sb.toString();
    }
}

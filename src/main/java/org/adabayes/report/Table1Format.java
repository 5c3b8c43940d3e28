package org.adabayes.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.Csv;

/**
 * The three ways {@code adabayes table} writes a {@link Table1}: Markdown (with the paired
 * differences), CSV (one row per cell, for further analysis) and a LaTeX tabular.
 */
public enum Table1Format {
    MD {
        @Override
        public String render(Table1 t) {
            StringBuilder sb = new StringBuilder(t.caption()).append("\n\n| Optimizer |");
            if (t.by() != null) {
                sb.append(' ').append(t.by()).append(" |");
            }
            for (Group g : t.groups()) {
                for (Metric m : Metric.values()) {
                    sb.append(' ').append(g.title()).append(' ').append(m.heading()).append(" |");
                }
            }
            sb.append("\n|---|").append(t.by() != null ? "---|" : "")
                    .append("---|".repeat(t.groups().size() * 2)).append('\n');
            for (Table1.Row o : t.rows()) {
                sb.append("| ").append(o.label()).append(" |");
                if (t.by() != null) {
                    sb.append(' ').append(o.byValue()).append(" |");
                }
                for (Group g : t.groups()) {
                    for (Metric m : Metric.values()) {
                        sb.append(' ').append(marked(t.cell(o, g, m), m, "±", "**", "**"))
                                .append(" |");
                    }
                }
                sb.append('\n');
            }
            if (!t.paired().isEmpty()) {
                sb.append("\nPaired differences over shared seeds (method minus reference; "
                        + "positive: the reference is better), mean ± standard error, n pairs:\n\n"
                        + "| Group | Metric | Method | vs | Mean difference | n |\n"
                        + "|---|---|---|---|---|---|\n");
                for (Table1.Paired p : t.paired()) {
                    sb.append("| ").append(p.group().title()).append(" | ")
                            .append(p.metric().word()).append(" | ")
                            .append(p.method().label()).append(" | ")
                            .append(p.reference().label()).append(" | ")
                            .append(p.metric().signed(p.mean())).append(" ± ")
                            .append(p.metric().format(p.se())).append(" | ").append(p.n())
                            .append(" |\n");
                }
            }
            return sb.toString();
        }
    },
    CSV {
        @Override
        public String render(Table1 t) {
            List<String> header = new ArrayList<>(List.of("optimizer", "dataset", "model",
                    "metric", "n", "mean", "std", "running", "diverged", "failed", "limited",
                    "bold", "paper", "difference"));
            boolean damaged = t.rows().stream().anyMatch(o -> t.groups().stream().anyMatch(
                    g -> t.cell(o, g, Metric.ERROR).damaged() > 0));
            boolean chosen = t.rows().stream().anyMatch(o -> t.groups().stream().anyMatch(
                    g -> t.cell(o, g, Metric.ERROR).chosen() != null));
            if (t.by() != null) {
                header.add(1, t.by());
            }
            if (damaged) {
                header.add(header.indexOf("limited") + 1, "damaged");
            }
            if (chosen) {
                header.add("chosen");
            }
            List<List<String>> rows = new ArrayList<>();
            for (Table1.Row o : t.rows()) {
                for (Group g : t.groups()) {
                    for (Metric m : Metric.values()) {
                        Table1.Cell c = t.cell(o, g, m);
                        double paper = c.paper() == null ? Double.NaN : c.paper();
                        List<String> r = new ArrayList<>(List.of(o.label(), g.dataset(),
                                g.model(), m.word(), String.valueOf(c.n()), plain(c.mean()),
                                plain(c.std()), String.valueOf(c.running()),
                                String.valueOf(c.diverged()), String.valueOf(c.failed()),
                                String.valueOf(c.limited()), String.valueOf(c.bold()),
                                plain(paper), plain(c.mean() - paper)));
                        if (t.by() != null) {
                            r.add(1, o.byValue());
                        }
                        if (damaged) {
                            r.add(header.indexOf("damaged"), String.valueOf(c.damaged()));
                        }
                        if (chosen) {
                            r.add(c.chosen() == null ? "" : c.chosen());
                        }
                        rows.add(r);
                    }
                }
            }
            return Csv.write(header, rows);
        }
    },
    LATEX {
        @Override
        public String render(Table1 t) {
            StringBuilder sb = new StringBuilder("% ").append(t.caption()).append('\n');
            sb.append("\\begin{tabular}{l").append("rr".repeat(t.groups().size()))
                    .append("}\n\\hline\nOptimizer");
            for (Group g : t.groups()) {
                sb.append(" & \\multicolumn{2}{c}{").append(g.title()).append('}');
            }
            sb.append(" \\\\\n");
            for (Group g : t.groups()) {
                sb.append(" & error (\\%) & loss");
            }
            sb.append(" \\\\\n\\hline\n");
            for (Table1.Row o : t.rows()) {
                sb.append(o.label()).append(t.by() == null ? "" : " (" + t.by() + "="
                        + o.byValue() + ")");
                for (Group g : t.groups()) {
                    for (Metric m : Metric.values()) {
                        sb.append(" & ").append(marked(t.cell(o, g, m), m, "$\\pm$", "\\textbf{",
                                "}").replace("%", "\\%"));
                    }
                }
                sb.append(" \\\\\n");
            }
            return sb.append("\\hline\n\\end{tabular}\n").toString();
        }
    };

    /** The table in this format. */
    public abstract String render(Table1 t);

    /** As the option is typed: md | csv | latex. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "5.17 ± 0.10 (n=3) [paper 5.17, +0.00]", the mean and std wrapped in the bold marks. */
    static String marked(Table1.Cell c, Metric m, String pm, String open, String close) {
        String t = text(c, m, pm);
        if (!c.bold()) {
            return t;
        }
        int cut = t.indexOf(" (");
        return open + t.substring(0, cut) + close + t.substring(cut);
    }

    static String text(Table1.Cell c, Metric m, String pm) {
        StringBuilder sb = new StringBuilder();
        if (c.n() == 0) {
            sb.append("–");
        } else {
            sb.append(m.format(c.mean()));
            if (c.n() > 1) {
                sb.append(' ').append(pm).append(' ').append(m.format(c.std()));
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
        if (c.limited() > 0) {
            notes.add(c.limited() + " limited");
        }
        if (c.damaged() > 0) {
            notes.add(c.damaged() + " damaged");
        }
        if (c.chosen() != null) {
            notes.add(c.chosen());
        }
        sb.append(" (").append(String.join(", ", notes)).append(')');
        if (c.paper() != null && c.n() > 0) {
            sb.append(" [paper ").append(m.format(c.paper())).append(", ")
                    .append(m.signed(c.mean() - c.paper())).append(']');
        }
        return sb.toString();
    }

    private static String plain(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}

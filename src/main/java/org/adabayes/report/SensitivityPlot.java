package org.adabayes.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.io.Images;
import org.adabayes.io.UserInputException;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * A sweep's sensitivity: the final and the best (minimum over epochs) value of a metric against
 * the swept hyper-parameter, one line per optimizer, each point the mean over seeds with the
 * sample std as an error bar. How flat the line is says how much tuning a method needs, which a
 * table of one tuned value hides. Learning rates (and any axis spanning a factor of ten or more)
 * get a log axis.
 */
public final class SensitivityPlot {
    private SensitivityPlot() {}

    /** Writes sensitivity-&lt;group&gt;-&lt;key&gt;.png and .svg per group; returns them all. */
    public static List<Path> write(Results res, String key, String column, Path out)
            throws IOException {
        Files.createDirectories(out);
        List<Path> written = new ArrayList<>();
        String field = key.substring(key.lastIndexOf('.') + 1);
        for (Map.Entry<Group, XYChart> c : charts(res, key, column).entrySet()) {
            String slug = "sensitivity-" + c.getKey().slug() + "-" + field + "-" + column;
            Path png = out.resolve(slug + ".png");
            Path svg = out.resolve(slug + ".svg");
            Images.png(c.getValue(), png);
            Images.svg(c.getValue(), svg);
            written.add(svg);
            written.add(png);
        }
        return written;
    }

    /** One chart per (dataset, model), in the order the runs came. */
    static Map<Group, XYChart> charts(Results res, String key, String column) {
        Map<Group, Map<Setting, List<RunSummary>>> groups = Table1.byGroup(res.runs());
        Map<Reduction, Map<Aggregates.Key, Map<String, Aggregates.Stat>>> stats =
                new TreeMap<>();
        for (Reduction r : Reduction.values()) {
            Table perRun = Aggregates.perRun(res, r, List.of(column));
            stats.put(r, Aggregates.seedStats(perRun, List.of(column)));
        }
        Map<Group, XYChart> out = new LinkedHashMap<>();
        for (Map.Entry<Group, Map<Setting, List<RunSummary>>> g : groups.entrySet()) {
            out.put(g.getKey(), chart(g.getKey(), g.getValue(), key, column, stats));
        }
        return out;
    }

    private static XYChart chart(Group g, Map<Setting, List<RunSummary>> settings, String key,
            String column, Map<Reduction, Map<Aggregates.Key, Map<String, Aggregates.Stat>>> st) {
        boolean error = column.endsWith("error");
        XYChart chart = new XYChartBuilder().width(720).height(480)
                .title(g.title() + ": " + column.replace('_', ' ') + " against " + key)
                .xAxisTitle(key).yAxisTitle(column.replace('_', ' ') + (error ? " (%)" : ""))
                .build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setToolTipsEnabled(false);
        chart.getStyler().setMarkerSize(6);
        // one line per optimizer: the settings that differ only in the swept key
        Map<String, TreeMap<Double, Setting>> lines = new TreeMap<>();
        Map<String, Setting> first = new TreeMap<>();
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (Map.Entry<Setting, List<RunSummary>> e : settings.entrySet()) {
            String v = Table1.configValue(e.getValue(), key);
            double x;
            try {
                x = Double.parseDouble(v);
            } catch (NumberFormatException ex) {
                throw new UserInputException("--sensitivity " + key + ": '" + v
                        + "' is not a number");
            }
            String family = e.getKey().label(key);
            lines.computeIfAbsent(family, f -> new TreeMap<>()).put(x, e.getKey());
            first.putIfAbsent(family, e.getKey());
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        boolean log = lo > 0 && (key.toLowerCase(java.util.Locale.ROOT).endsWith("lr")
                || hi / lo >= 10);
        chart.getStyler().setXAxisLogarithmic(log);
        chart.getStyler().setXAxisDecimalPattern(log ? "0.#E0" : Ticks.pattern(lo, hi));
        for (Map.Entry<String, TreeMap<Double, Setting>> line : lines.entrySet()) {
            Color c = Palette.of(first.get(line.getKey()).method());
            for (Reduction r : Reduction.values()) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                List<Double> sd = new ArrayList<>();
                for (Map.Entry<Double, Setting> p : line.getValue().entrySet()) {
                    Aggregates.Stat s = st.get(r).getOrDefault(new Aggregates.Key(g.slug(),
                            p.getValue().label()), Map.of()).getOrDefault(column,
                                    Aggregates.Stat.NONE);
                    if (s.n() > 0 && Double.isFinite(s.mean())) {
                        xs.add(p.getKey());
                        ys.add(s.mean());
                        sd.add(Double.isNaN(s.std()) ? 0 : s.std());
                    }
                }
                if (xs.isEmpty()) {
                    continue;
                }
                XYSeries s = chart.addSeries(line.getKey() + ", " + (r == Reduction.BEST
                        ? "best" : "final"), xs, ys, sd);
                s.setLineColor(r == Reduction.BEST ? c : Palette.faint(c));
                s.setMarkerColor(c);
                s.setMarker(r == Reduction.BEST ? SeriesMarkers.CIRCLE : SeriesMarkers.DIAMOND);
                s.setLineWidth(r == Reduction.BEST ? 2f : 1.2f);
            }
        }
        double ylo = Double.POSITIVE_INFINITY;
        double yhi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                ylo = Math.min(ylo, y);
                yhi = Math.max(yhi, y);
            }
        }
        chart.getStyler().setYAxisDecimalPattern(Ticks.pattern(ylo, yhi));
        return chart;
    }
}

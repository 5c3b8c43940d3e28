package org.adabayes.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.config.Method;
import org.adabayes.io.Images;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 4 (test loss and error against epoch) and Fig. A5 (the training curves): one panel per
 * (dataset, model) and metric, one line per optimizer (mean over seeds) with thin lines at the
 * min and max over seeds. Each panel is saved as SVG; the panels of a figure are tiled into one
 * PNG.
 */
public final class CurvePlots {
    static final int W = 640;
    static final int H = 420;

    private CurvePlots() {}

    /** Writes fig4-test.png and figA5-train.png (+ one SVG per panel); returns the PNG paths. */
    public static List<Path> write(List<RunSummary> runs, Path out) throws IOException {
        Files.createDirectories(out);
        Map<Group, Map<Method, List<RunSummary>>> groups = RunGroups.byGroup(runs);
        List<Path> written = new ArrayList<>();
        written.add(figure(groups, out, "fig4-test", new String[] {"test_loss", "test_error"}));
        written.add(figure(groups, out, "figA5-train",
                new String[] {"train_loss", "train_error"}));
        return written;
    }

    private static Path figure(Map<Group, Map<Method, List<RunSummary>>> groups, Path out,
            String name, String[] columns) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<Group, Map<Method, List<RunSummary>>> g : groups.entrySet()) {
            for (String col : columns) {
                XYChart chart = panel(g.getKey(), g.getValue(), col);
                String slug = name + "-" + g.getKey().slug() + "-" + col;
                Images.svg(chart, out.resolve(slug + ".svg"));
                panels.add(BitmapEncoder.getBufferedImage(chart));
            }
        }
        BufferedImage sheet = new BufferedImage(W * columns.length,
                H * ((panels.size() + columns.length - 1) / columns.length),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D gfx = sheet.createGraphics();
        gfx.setColor(Color.WHITE);
        gfx.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        for (int i = 0; i < panels.size(); i++) {
            gfx.drawImage(panels.get(i), (i % columns.length) * W, (i / columns.length) * H, null);
        }
        gfx.dispose();
        Path png = out.resolve(name + ".png");
        Images.png(sheet, png);
        return png;
    }

    static XYChart panel(Group g, Map<Method, List<RunSummary>> byOptimizer, String col) {
        boolean error = col.endsWith("error");
        XYChart chart = new XYChartBuilder().width(W).height(H)
                .title(g.title() + ": " + col.replace('_', ' ') + (error ? " (%)" : ""))
                .xAxisTitle("epoch").yAxisTitle(error ? "error (%)" : "loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setToolTipsEnabled(false);
        for (Map.Entry<Method, List<RunSummary>> entry : byOptimizer.entrySet()) {
            Method o = entry.getKey();
            List<RunSummary> rs = entry.getValue();
            double[][] band = meanMinMax(rs, col);
            if (band[0].length == 0) {
                continue;
            }
            Color c = Palette.of(o);
            String label = o.displayName() + (rs.size() > 1 ? " (n=" + rs.size() + ")"
                    : "");
            XYSeries s = chart.addSeries(label, band[0], band[1]);
            style(s, c, 2f);
            if (rs.size() > 1) {
                for (int k = 2; k <= 3; k++) {
                    XYSeries e = chart.addSeries(label + (k == 2 ? " min" : " max"), band[0],
                            band[k]);
                    style(e, Palette.faint(c), 0.8f);
                    e.setShowInLegend(false);
                }
            }
        }
        return chart;
    }

    static void style(XYSeries s, Color c, float width) {
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(width);
    }

    /** Epochs, mean, min and max over runs of a column, skipping non-finite values. */
    static double[][] meanMinMax(List<RunSummary> runs, String col) {
        TreeMap<Integer, List<Double>> byEpoch = new TreeMap<>();
        for (RunSummary r : runs) {
            int[] ep = r.epochs().intColumn("epoch").asIntArray();
            double[] v = r.epochs().doubleColumn(col).asDoubleArray();
            for (int i = 0; i < ep.length; i++) {
                if (Double.isFinite(v[i])) {
                    byEpoch.computeIfAbsent(ep[i] + 1, e -> new ArrayList<>()).add(v[i]);
                }
            }
        }
        int n = byEpoch.size();
        double[][] out = new double[4][n];
        int i = 0;
        for (Map.Entry<Integer, List<Double>> e : byEpoch.entrySet()) {
            out[0][i] = e.getKey();
            out[1][i] = Stats.mean(e.getValue());
            out[2][i] = e.getValue().stream().mapToDouble(Double::doubleValue).min().orElse(0);
            out[3][i] = e.getValue().stream().mapToDouble(Double::doubleValue).max().orElse(0);
            i++;
        }
        return out;
    }
}

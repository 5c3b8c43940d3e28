package org.adabayes.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.config.Method;
import org.adabayes.io.Images;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import tech.tablesaw.api.Table;

/**
 * Fig. 4 (test loss and error against epoch) and Fig. A5 (the training curves): one panel per
 * (dataset, model) and metric, one line per setting (mean over seeds, labelled as the table's
 * rows) with thin lines at the min and max over seeds. Each panel is saved as SVG; the panels
 * of a figure are tiled into one PNG.
 */
public final class CurvePlots {
    static final int W = 640;
    static final int H = 420;

    private CurvePlots() {}

    /** Writes fig4-test.png and figA5-train.png (+ one SVG per panel); returns every file. */
    public static List<Path> write(Results res, Path out) throws IOException {
        Files.createDirectories(out);
        Map<Group, Map<Setting, List<RunSummary>>> groups = Table1.byGroup(res.runs());
        List<Path> written = new ArrayList<>();
        figure(res.epochs(), groups, out, "fig4-test", new String[] {"test_loss", "test_error"},
                written);
        figure(res.epochs(), groups, out, "figA5-train",
                new String[] {"train_loss", "train_error"}, written);
        return written;
    }

    private static void figure(Table epochs, Map<Group, Map<Setting, List<RunSummary>>> groups,
            Path out, String name, String[] columns, List<Path> written) throws IOException {
        List<BufferedImage> panels = new ArrayList<>();
        for (Map.Entry<Group, Map<Setting, List<RunSummary>>> g : groups.entrySet()) {
            for (String col : columns) {
                XYChart chart = panel(epochs, g.getKey(), g.getValue(), col);
                String slug = name + "-" + g.getKey().slug() + "-" + col;
                Path svg = out.resolve(slug + ".svg");
                Images.svg(chart, svg);
                written.add(svg);
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
        written.add(png);
    }

    static XYChart panel(Table epochs, Group g, Map<Setting, List<RunSummary>> bySetting,
            String col) {
        boolean error = col.endsWith("error");
        XYChart chart = new XYChartBuilder().width(W).height(H)
                .title(g.title() + ": " + col.replace('_', ' ') + (error ? " (%)" : ""))
                .xAxisTitle("epoch").yAxisTitle(error ? "error (%)" : "loss").build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setToolTipsEnabled(false);
        Map<Method, Integer> shade = new HashMap<>();
        for (Map.Entry<Setting, List<RunSummary>> entry : bySetting.entrySet()) {
            Setting o = entry.getKey();
            List<RunSummary> rs = entry.getValue();
            double[][] band = Aggregates.band(epochs, o.label(), g.slug(), col);
            if (band[0].length == 0) {
                continue;
            }
            Color c = Palette.of(o.method());
            for (int k = shade.merge(o.method(), 1, Integer::sum); k > 1; k--) {
                c = c.darker();
            }
            String label = o.label() + (rs.size() > 1 ? " (n=" + rs.size() + ")" : "");
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
        Ticks.round(chart);
        return chart;
    }

    static void style(XYSeries s, Color c, float width) {
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineWidth(width);
    }

}

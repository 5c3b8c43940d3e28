package org.adabayes.nqm;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.io.Images;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Steps-to-target against batch size on log-log axes, with the perfect-scaling slope. */
public final class NqmPlot {
    private static final Color[] COLORS = {new Color(0x4D, 0x4D, 0x4D),
        new Color(0x8C, 0x56, 0x4B), new Color(0x94, 0x67, 0xBD), new Color(0x17, 0xBE, 0xCF),
        new Color(0xBC, 0xBD, 0x22), new Color(0xE3, 0x77, 0xC2), new Color(0x1F, 0x77, 0xB4),
        new Color(0xD6, 0x27, 0x28), new Color(0xFF, 0x7F, 0x0E)};

    private NqmPlot() {}

    public static void write(List<NqmPoint> points, Nqm nqm, Path png) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(600)
                .title("NQM (dim " + nqm.dim() + ", target " + nqm.target()
                        + "): steps to target vs batch size")
                .xAxisTitle("batch size").yAxisTitle("steps to target").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setToolTipsEnabled(false);
        Map<String, List<NqmPoint>> by = new LinkedHashMap<>();
        for (NqmPoint p : points) {
            if (p.steps() > 0) {
                by.computeIfAbsent(p.optimizer(), o -> new ArrayList<>()).add(p);
            }
        }
        double minB = Double.MAX_VALUE;
        double maxB = 0;
        double anchor = 0;
        double fewest = Double.MAX_VALUE;
        for (Map.Entry<String, List<NqmPoint>> e : by.entrySet()) {
            List<NqmPoint> ps = e.getValue();
            double[] x = ps.stream().mapToDouble(NqmPoint::batchSize).toArray();
            double[] y = ps.stream().mapToDouble(NqmPoint::steps).toArray();
            XYSeries s = chart.addSeries(e.getKey(), x, y);
            int c = NqmSweep.OPTIMIZERS.indexOf(e.getKey());
            s.setLineColor(COLORS[Math.max(0, c) % COLORS.length]);
            s.setMarkerColor(COLORS[Math.max(0, c) % COLORS.length]);
            s.setMarker(SeriesMarkers.CIRCLE);
            if (x[0] < minB) {
                minB = x[0];
                anchor = y[0];
            }
            maxB = Math.max(maxB, x[x.length - 1]);
            for (double v : y) {
                fewest = Math.min(fewest, v);
            }
        }
        if (anchor > 0) {
            // the 1/B line from the smallest batch, stopped before it leaves the data's range
            double end = Math.min(maxB, minB * anchor / (fewest / 2));
            XYSeries ideal = chart.addSeries("perfect scaling (1/B)", new double[] {minB, end},
                    new double[] {anchor, anchor * minB / end});
            ideal.setLineColor(Color.LIGHT_GRAY);
            ideal.setMarker(SeriesMarkers.NONE);
            ideal.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        }
        Images.png(chart, png);
    }
}

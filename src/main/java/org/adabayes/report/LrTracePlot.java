package org.adabayes.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.config.RunConfig;
import org.adabayes.io.Images;
import org.adabayes.optim.OptimizerOptions;
import org.adabayes.rundir.LrTraceFile;
import org.adabayes.rundir.LrTraceRow;
import org.adabayes.rundir.RunDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Fig. 3 from a run's lr_trace.csv: each sampled element's AdaBayes learning rate against the Adam
 * rate eta/sqrt(&lt;g^2&gt;) on log-log axes, with the fixed point of eq. (21), the SGD limit
 * sigma^2 and the Adam limit drawn as lines. Only epochs at the base learning rate are plotted,
 * since the limits move with the schedule factor.
 */
public final class LrTracePlot {
    private static final int MAX_POINTS = 20_000;

    private LrTracePlot() {}

    /** Writes fig3-&lt;run&gt;.png/.svg if the run has a trace; returns both, or none. */
    public static List<Path> write(RunSummary run, Path out, String slug) throws IOException {
        Path trace = run.dir().resolve(RunDir.LR_TRACE);
        if (!Files.exists(trace)) {
            return List.of();
        }
        RunConfig cfg = run.config();
        if (!(cfg.optimizer() instanceof OptimizerOptions.Bayesian o)) {
            return List.of();
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        List<LrTraceRow> rows = LrTraceFile.read(trace);
        int stride = Math.max(1, rows.size() / MAX_POINTS);
        for (int i = 0; i < rows.size(); i += stride) {
            LrTraceRow row = rows.get(i);
            double x = row.adamLr();
            double y = row.s2Post();
            if (cfg.schedule().factor(row.epoch()) == 1.0 && x > 0 && y > 0
                    && Double.isFinite(x)) {
                xs.add(x);
                ys.add(y);
            }
        }
        if (xs.isEmpty()) {
            return List.of();
        }
        double lo = xs.stream().mapToDouble(Double::doubleValue).min().orElse(1e-6) / 2;
        double hi = xs.stream().mapToDouble(Double::doubleValue).max().orElse(1) * 2;
        XYChart chart = new XYChartBuilder().width(700).height(560)
                .title("Fig. 3: AdaBayes learning rate vs Adam rate (" + run.dir().getFileName()
                        + ")")
                .xAxisTitle("Adam learning rate  eta / sqrt(<g^2>)")
                .yAxisTitle("AdaBayes learning rate  sigma^2_post").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setToolTipsEnabled(false);
        XYSeries pts = chart.addSeries("sampled elements", xs, ys);
        pts.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pts.setMarker(SeriesMarkers.CIRCLE);
        pts.setMarkerColor(new Color(0, 0, 0, 60));
        chart.getStyler().setMarkerSize(3);
        int n = 200;
        double[] gx = new double[n];
        double[] adam = new double[n];
        double[] sgd = new double[n];
        double[] fixed = new double[n];
        for (int i = 0; i < n; i++) {
            gx[i] = lo * Math.pow(hi / lo, i / (n - 1.0));
            adam[i] = gx[i];
            sgd[i] = o.sigma2();
            double g2 = Math.pow(o.lr() / gx[i], 2);
            fixed[i] = OptimizerOptions.Bayesian.fixedPoint(g2, o.lr(), o.sigma2());
        }
        line(chart, "Adam limit", gx, adam, new Color(0x1F, 0x77, 0xB4));
        line(chart, "SGD limit sigma^2", gx, sgd, new Color(0xFF, 0x7F, 0x0E));
        line(chart, "fixed point, eq. (21)", gx, fixed, new Color(0x2C, 0xA0, 0x2C));
        Files.createDirectories(out);
        Path png = out.resolve("fig3-" + slug + ".png");
        Images.png(chart, png);
        Path svg = out.resolve("fig3-" + slug + ".svg");
        Images.svg(chart, svg);
        return List.of(png, svg);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        CurvePlots.style(s, color, 2f);
    }
}

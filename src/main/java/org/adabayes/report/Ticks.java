package org.adabayes.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/**
 * Tick labels with as many decimals as the axis's spacing needs: XChart's default prints a tick at
 * 89.8438 as it is, which reads as noise.
 */
final class Ticks {
    private Ticks() {}

    /** Whole epochs on x; on y, the decimals of a fifth of the plotted range. */
    static void round(XYChart chart) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (XYSeries s : chart.getSeriesMap().values()) {
            for (double y : s.getYData()) {
                if (Double.isFinite(y)) {
                    lo = Math.min(lo, y);
                    hi = Math.max(hi, y);
                }
            }
        }
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setYAxisDecimalPattern(pattern(lo, hi));
    }

    /** "0", "0.#", "0.##", ...: enough decimals to tell ticks a fifth of the range apart. */
    static String pattern(double lo, double hi) {
        double step = (hi - lo) / 5;
        if (!(step > 0) || !Double.isFinite(step)) {
            step = Math.abs(hi) > 0 && Double.isFinite(hi) ? Math.abs(hi) / 5 : 1;
        }
        int decimals = Math.max(0, Math.min(6, (int) Math.ceil(-Math.log10(step))));
        return decimals == 0 ? "0" : "0." + "#".repeat(decimals);
    }
}

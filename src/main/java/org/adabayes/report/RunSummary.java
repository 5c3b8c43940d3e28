package org.adabayes.report;

import java.nio.file.Path;
import java.util.Arrays;
import org.adabayes.config.Method;
import org.adabayes.config.RunConfig;
import org.adabayes.rundir.RunState;
import tech.tablesaw.api.Table;

/**
 * One run directory as the report sees it: its config, its state, its epochs as a Tablesaw table,
 * and its Table 1 metrics. Minima skip NaN explicitly, because Tablesaw treats NaN as missing and
 * a diverged epoch must not vanish unnoticed.
 *
 * @param status from manifest.json; running when there is none
 * @param limited the batches per epoch a smoke run was limited to (--max-batches), else null:
 *     such a run is never a result of its config, and the table counts it apart
 */
public record RunSummary(Path dir, RunConfig config, RunState status, Integer limited,
        Table epochs) {

    public String dataset() {
        return config.dataset().name();
    }

    public String model() {
        return config.model().label();
    }

    public Method optimizer() {
        return Method.of(config.optimizer());
    }

    public long seed() {
        return config.seed();
    }

    /** The protocol that must agree within a group: epochs, batch, schedule. */
    public String protocol() {
        return "epochs=" + config.schedule().epochs() + " batch=" + config.batchSize()
                + " decay=" + config.schedule().decayEpochs() + "x"
                + config.schedule().decayFactor();
    }

    /** The minimum over epochs (best) or the last epoch's value (final) of a metric. */
    public double metric(Metric metric, Reduction reduction) {
        double[] v = epochs.doubleColumn(metric.column()).asDoubleArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        if (reduction == Reduction.FINAL) {
            return v[v.length - 1];
        }
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }
}

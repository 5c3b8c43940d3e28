package org.adabayes.report;

import java.nio.file.Path;
import java.util.Arrays;
import org.adabayes.config.RunConfig;
import tech.tablesaw.api.Table;

/**
 * One run directory as the report sees it: its config, its status, its epochs as a Tablesaw table,
 * and its Table 1 metrics. Minima skip NaN explicitly, because Tablesaw treats NaN as missing and
 * a diverged epoch must not vanish unnoticed.
 *
 * @param status complete | running | diverged | failed (from manifest.json; running when absent)
 */
public record RunSummary(Path dir, RunConfig config, String status, Table epochs) {

    public String dataset() {
        return config.dataset().name();
    }

    public String model() {
        return config.model().label();
    }

    public String optimizer() {
        return config.optimizer().name();
    }

    public long seed() {
        return config.seed();
    }

    public int epochsDone() {
        return epochs.rowCount();
    }

    /** The protocol that must agree within a group: epochs, batch, schedule. */
    public String protocol() {
        return "epochs=" + config.schedule().epochs() + " batch=" + config.batchSize()
                + " decay=" + config.schedule().decayEpochs() + "x"
                + config.schedule().decayFactor();
    }

    /** The minimum over epochs (best) or the last epoch's value (final) of a column. */
    public double metric(String column, boolean best) {
        double[] v = epochs.doubleColumn(column).asDoubleArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        if (!best) {
            return v[v.length - 1];
        }
        return Arrays.stream(v).filter(Double::isFinite).min().orElse(Double.NaN);
    }

}

package org.adabayes.rundir;

import java.util.List;
import java.util.Locale;
import org.adabayes.io.Csv;

/**
 * One row of lr_trace.csv (Fig. 3): at a step, one sampled weight's AdaBayes learning rate
 * sigma^2_post and the Adam rate eta / sqrt(&lt;g^2&gt;) it is compared with.
 */
public record LrTraceRow(int epoch, int step, String parameter, long index, double s2Post,
        double adamLr) {
    public static final List<String> COLUMNS = List.of("epoch", "step", "parameter", "index",
            "s2_post", "adam_lr");
    public static final String HEADER = String.join(",", COLUMNS);

    /** The row's fields as the file holds them. */
    public List<String> fields() {
        return List.of(String.valueOf(epoch), String.valueOf(step), parameter,
                String.valueOf(index), String.format(Locale.ROOT, "%.6g", s2Post),
                String.format(Locale.ROOT, "%.6g", adamLr));
    }

    /**
     * Row {@code r} of a read file, or null for one cut short by a kill (fewer fields, or a number
     * cut mid-way that does not parse): such a line belongs to the epoch being appended when the
     * run was killed.
     */
    static LrTraceRow ofOrNull(Csv.Rows rows, int r) {
        String[] f = rows.rows().get(r);
        if (f.length != COLUMNS.size()) {
            return null;
        }
        try {
            return new LrTraceRow(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()),
                    f[2], Long.parseLong(f[3].trim()), Double.parseDouble(f[4].trim()),
                    Double.parseDouble(f[5].trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

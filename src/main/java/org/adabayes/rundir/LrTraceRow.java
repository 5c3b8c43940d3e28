package org.adabayes.rundir;

import java.util.Locale;

/**
 * One row of lr_trace.csv (Fig. 3): at a step, one sampled weight's AdaBayes learning rate
 * sigma^2_post and the Adam rate eta / sqrt(&lt;g^2&gt;) it is compared with.
 */
public record LrTraceRow(int epoch, int step, String parameter, long index, double s2Post,
        double adamLr) {
    public static final String HEADER = "epoch,step,parameter,index,s2_post,adam_lr";

    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%s,%d,%.6g,%.6g", epoch, step, parameter, index,
                s2Post, adamLr);
    }

    /**
     * A data row, or null for one cut short by a kill (fewer fields, or a number cut mid-way that
     * does not parse): such a line belongs to the epoch being appended when the run was killed.
     */
    public static LrTraceRow parseOrNull(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 6) {
            return null;
        }
        try {
            return new LrTraceRow(Integer.parseInt(f[0]), Integer.parseInt(f[1]), f[2],
                    Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}

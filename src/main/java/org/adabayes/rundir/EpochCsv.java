package org.adabayes.rundir;

import java.util.List;
import org.adabayes.io.Csv;

/**
 * The schema of epochs.csv: its columns in order, and the text of a whole file, read and written
 * through the tool's one CSV reader ({@link Csv}). The file is rewritten whole and atomically after
 * every epoch, so it is never half a row; a reader that still meets a bad row (a file edited or
 * cut by hand) gets its line number.
 */
public final class EpochCsv {
    /**
     * The columns, in order: errors in percent, losses as mean cross-entropy; the epoch's wall
     * clock, split into training, evaluation and checkpoint seconds (writing the epoch's files:
     * its row, the LR trace, the checkpoint), which add up to it.
     */
    public static final List<String> COLUMNS = List.of("epoch", "lr_factor", "train_loss",
            "train_error", "test_loss", "test_error", "epoch_seconds", "train_images_per_second",
            "train_seconds", "eval_seconds", "checkpoint_seconds");
    public static final String HEADER = String.join(",", COLUMNS);
    /** Files written before the epoch's wall clock was split have the first eight columns. */
    static final int LEGACY_COLUMNS = 8;
    static final String LEGACY_HEADER = String.join(",", COLUMNS.subList(0, LEGACY_COLUMNS));

    private EpochCsv() {}

    static String format(List<EpochRecord> rows) {
        return Csv.write(COLUMNS, rows.stream().map(EpochRecord::fields).toList());
    }

    /**
     * The rows of a file's text; the three timing columns are NaN in a legacy file.
     *
     * @param source the file, as the messages name it
     * @throws org.adabayes.io.UserInputException naming the file, line and problem
     */
    static List<EpochRecord> parse(String text, String source) {
        Csv.Rows rows = Csv.parse(text, source);
        rows.requireHeader(List.of(COLUMNS, COLUMNS.subList(0, LEGACY_COLUMNS)),
                "an epochs.csv");
        rows.requireWidth(rows.header().size());
        return java.util.stream.IntStream.range(0, rows.size()).mapToObj(r -> {
            double[] v = new double[COLUMNS.size()];
            java.util.Arrays.fill(v, Double.NaN);
            for (int c = 0; c < rows.header().size(); c++) {
                v[c] = rows.number(r, c);
            }
            return new EpochRecord((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8],
                    v[9], v[10]);
        }).toList();
    }
}

package org.adabayes.rundir;

import java.util.ArrayList;
import java.util.List;

/**
 * The schema of epochs.csv: its columns in order, and the text of a whole file. The file is
 * rewritten whole and atomically after every epoch, so it is never half a row; a reader that
 * still meets a bad row (a file edited or cut by hand) gets its line number.
 */
public final class EpochCsv {
    /** The columns, in order: errors in percent, losses as mean cross-entropy. */
    public static final List<String> COLUMNS = List.of("epoch", "lr_factor", "train_loss",
            "train_error", "test_loss", "test_error", "epoch_seconds", "train_images_per_second",
            "train_seconds", "eval_seconds", "checkpoint_seconds");
    public static final String HEADER = String.join(",", COLUMNS);
    /** Files written before the epoch's wall clock was split have the first eight columns. */
    static final int LEGACY_COLUMNS = 8;
    static final String LEGACY_HEADER = String.join(",", COLUMNS.subList(0, LEGACY_COLUMNS));

    private EpochCsv() {}

    static String format(List<EpochRecord> rows) {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochRecord r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        return sb.toString();
    }

    /**
     * The rows of a file's text.
     *
     * @throws IllegalArgumentException naming the line and the problem
     */
    static List<EpochRecord> parse(List<String> lines) {
        List<EpochRecord> rows = new ArrayList<>();
        if (lines.isEmpty() || !(lines.get(0).trim().equals(HEADER)
                || lines.get(0).trim().equals(LEGACY_HEADER))) {
            throw new IllegalArgumentException("header is not that of an epochs.csv: '"
                    + (lines.isEmpty() ? "" : lines.get(0)) + "'");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                rows.add(EpochRecord.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                // "line 3, column test_error: not a number" or "line 3 has 7 fields, expected 8"
                String m = e.getMessage();
                throw new IllegalArgumentException("line " + (i + 1)
                        + (m.startsWith("column") ? ", " : " ") + m, e);
            }
        }
        return rows;
    }
}

package org.adabayes.rundir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.Csv;
import org.adabayes.io.UserInputException;

/**
 * lr_trace.csv, written as a run goes: each epoch's rows are appended once the epoch ends (before
 * its checkpoint), which keeps a long traced run from rewriting a growing file every epoch; on
 * resume the file is rewritten atomically with only the complete rows of epochs before the
 * checkpoint, so a kill mid-append loses nothing and duplicates nothing. A signal appends the
 * stopped epoch's rows so far before its mid-epoch checkpoint, and the resume keeps those.
 */
public final class LrTraceFile {
    private LrTraceFile() {}

    /** Rewrites the file to hold the header and the complete rows of epochs before start. */
    public static void keepBefore(Path file, int start) throws IOException {
        keepUpTo(file, start, Integer.MIN_VALUE);
    }

    /**
     * Rewrites the file to hold the header and the complete rows of epochs before {@code epoch}
     * and those of {@code epoch} at optimizer steps up to {@code step}: what a mid-epoch
     * checkpoint taken after that step had appended. A line cut short by a kill belongs to the
     * epoch being appended, which is never before the checkpoint's, so it is dropped here too.
     */
    public static void keepUpTo(Path file, int epoch, int step) throws IOException {
        List<List<String>> keep = new ArrayList<>();
        if (Files.exists(file)) {
            Csv.Rows rows = Csv.read(file);
            for (int r = 0; r < rows.size(); r++) {
                LrTraceRow row = LrTraceRow.ofOrNull(rows, r);
                if (row != null && (row.epoch() < epoch
                        || row.epoch() == epoch && row.step() <= step)) {
                    keep.add(List.of(rows.rows().get(r)));
                }
            }
        }
        AtomicFiles.writeString(file, Csv.write(LrTraceRow.COLUMNS, keep));
    }

    /** Appends rows. */
    public static void append(Path file, List<LrTraceRow> rows) throws IOException {
        Files.writeString(file, Csv.rows(rows.stream().map(LrTraceRow::fields).toList()),
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    /** Every row of a finished trace; a line that is not a whole row is refused by number. */
    public static List<LrTraceRow> read(Path file) {
        Csv.Rows rows = Csv.read(file);
        rows.requireHeader(List.of(LrTraceRow.COLUMNS), "an lr_trace.csv");
        List<LrTraceRow> out = new ArrayList<>(rows.size());
        for (int r = 0; r < rows.size(); r++) {
            LrTraceRow row = LrTraceRow.ofOrNull(rows, r);
            if (row == null) {
                throw new UserInputException(file + ": line " + rows.line(r)
                        + " is not a row of " + LrTraceRow.HEADER);
            }
            out.add(row);
        }
        return out;
    }
}

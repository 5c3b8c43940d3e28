package org.adabayes.rundir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.io.AtomicFiles;

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
     * checkpoint taken after that step had appended.
     */
    public static void keepUpTo(Path file, int epoch, int step) throws IOException {
        List<String> keep = new ArrayList<>();
        keep.add(LrTraceRow.HEADER);
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (completeRowUpTo(line, epoch, step)) {
                    keep.add(line);
                }
            }
        }
        AtomicFiles.writeString(file, String.join("\n", keep) + "\n");
    }

    /**
     * A data row of an epoch before {@code start}. A line cut short by a kill belongs to the epoch
     * being appended, which is never before the checkpoint's, so it is dropped here too.
     */
    static boolean completeRowUpTo(String line, int epoch, int step) {
        LrTraceRow row = LrTraceRow.parseOrNull(line);
        return row != null && (row.epoch() < epoch || row.epoch() == epoch && row.step() <= step);
    }

    /** Appends rows. */
    public static void append(Path file, List<LrTraceRow> rows) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (LrTraceRow row : rows) {
            sb.append(row.toCsv()).append('\n');
        }
        Files.writeString(file, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
}

package org.adabayes.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** epochs.csv: rewritten whole and atomically after every epoch, so it is never half a row. */
public final class EpochCsv {
    public static final String FILE = "epochs.csv";

    private EpochCsv() {}

    public static void write(Path file, List<EpochRecord> rows) throws IOException {
        StringBuilder sb = new StringBuilder(EpochRecord.HEADER).append('\n');
        for (EpochRecord r : rows) {
            sb.append(r.toCsv()).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }

    public static List<EpochRecord> read(Path file) throws IOException {
        List<EpochRecord> rows = new ArrayList<>();
        if (!Files.exists(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).trim().equals(EpochRecord.HEADER)) {
            throw new IOException(file + ": not an epochs.csv (header differs)");
        }
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                rows.add(EpochRecord.parse(lines.get(i)));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return rows;
    }
}

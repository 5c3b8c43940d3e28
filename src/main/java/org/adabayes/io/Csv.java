package org.adabayes.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The one CSV reader and writer of the tool, on jackson-dataformat-csv: every run file
 * ({@code rundir} owns their schemas), the report's tables, the parity files and the gradient
 * files of {@code replay} go through it. Jackson rather than Tablesaw's CsvReader because it
 * streams records with the line each began on, so a cut or garbled line is refused by its number,
 * it never guesses a column's type, and it shares its version with the Jackson the configs use.
 * The writer quotes a field only when it must (a comma, a quote or a line break), which keeps
 * every file the tool wrote before byte for byte the same.
 */
public final class Csv {
    private static final CsvMapper MAPPER = new CsvMapper()
            .enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING);
    private static final ObjectReader READER = MAPPER.readerFor(String[].class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(String[].class)
            .with(CsvSchema.emptySchema().withLineSeparator("\n"));

    private Csv() {}

    /**
     * A file's records after its header, each with the line it began on, so whatever reads a
     * field can say where it is.
     *
     * @param source the file, as messages name it
     */
    public record Rows(String source, List<String> header, List<String[]> rows, int[] lines) {
        public int size() {
            return rows.size();
        }

        /** The index of a header column, or -1. */
        public int column(String name) {
            return header.indexOf(name);
        }

        /** The 1-based line of a row. */
        public int line(int row) {
            return lines[row];
        }

        public String text(int row, int col) {
            return rows.get(row)[col].trim();
        }

        /** A field as a number, or an error naming the line and the column. */
        public double number(int row, int col) {
            String f = text(row, col);
            try {
                return Double.parseDouble(f);
            } catch (NumberFormatException e) {
                throw new UserInputException(source + ": line " + lines[row] + ", column "
                        + header.get(col) + ": not a number: '" + rows.get(row)[col] + "'");
            }
        }

        /** Refuses a row whose field count is none of {@code widths} (the first is the usual). */
        public void requireWidth(int... widths) {
            for (int r = 0; r < rows.size(); r++) {
                int n = rows.get(r)[0].isEmpty() && rows.get(r).length == 1 ? 0
                        : rows.get(r).length;
                if (Arrays.stream(widths).noneMatch(w -> w == n)) {
                    throw new UserInputException(source + ": line " + lines[r] + " has " + n
                            + " fields, expected " + widths[0]);
                }
            }
        }

        /** Refuses a header other than one of these. */
        public void requireHeader(List<List<String>> allowed, String what) {
            if (!allowed.contains(header)) {
                throw new UserInputException(source + ": header is not that of " + what + ": '"
                        + String.join(",", header) + "'");
            }
        }
    }

    /** A file's records; a missing file or a record the parser cannot read is an input error. */
    public static Rows read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        return parse(new String(bytes, StandardCharsets.UTF_8), file.toString());
    }

    /** Records of a text: the first is the header (an empty text has an empty header). */
    public static Rows parse(String text, String source) {
        List<String> header = List.of();
        List<String[]> rows = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        try (MappingIterator<String[]> it = READER.readValues(text)) {
            while (it.hasNextValue()) {
                String[] r = it.nextValue();
                int line = it.getParser().currentTokenLocation().getLineNr();
                if (r.length == 1 && r[0].isBlank()) {
                    continue;
                }
                if (header.isEmpty() && rows.isEmpty() && lines.isEmpty()) {
                    header = Arrays.stream(r).map(String::trim).toList();
                    lines.add(line);
                    continue;
                }
                rows.add(r);
                lines.add(line);
            }
        } catch (JsonProcessingException e) {
            throw new UserInputException(source + ": line "
                    + e.getLocation().getLineNr() + ": " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (e instanceof UserInputException u) {
                throw u;
            }
            throw new UserInputException(source + ": not CSV: " + e.getMessage(), e);
        }
        int[] at = new int[rows.size()];
        for (int i = 0; i < at.length; i++) {
            at[i] = lines.get(i + 1);
        }
        return new Rows(source, header, rows, at);
    }

    /** A whole file's text: the header and each row, every line ending in a newline. */
    public static String write(List<String> header, List<? extends List<String>> rows) {
        StringWriter out = new StringWriter();
        try (SequenceWriter w = WRITER.writeValues(out)) {
            w.write(header.toArray(String[]::new));
            for (List<String> r : rows) {
                w.write(r.toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Rows without a header, for a file appended to as a run goes. */
    public static String rows(List<? extends List<String>> rows) {
        StringWriter out = new StringWriter();
        try (SequenceWriter w = WRITER.writeValues(out)) {
            for (List<String> r : rows) {
                w.write(r.toArray(String[]::new));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}

package org.adabayes.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.adabayes.config.ConfigException;
import org.adabayes.config.ConfigLoader;
import org.adabayes.config.RunConfig;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * Finds run directories (those holding an epochs.csv) below the given paths and reads them with
 * explicit column types. Any file that cannot be read is an error naming it: a report silently
 * missing a run is worse than no report.
 */
public final class ResultsScanner {
    static final String[] COLUMNS = {"epoch", "lr_factor", "train_loss", "train_error",
        "test_loss", "test_error", "epoch_seconds", "train_images_per_second"};
    private static final ObjectMapper JSON = new ObjectMapper();

    private ResultsScanner() {}

    public static List<RunSummary> scan(List<Path> roots) {
        List<RunSummary> runs = new ArrayList<>();
        for (Path root : roots) {
            if (!Files.exists(root)) {
                throw new ReportException(root + ": no such directory");
            }
            try (Stream<Path> s = Files.walk(root)) {
                List<Path> csvs = s.filter(p -> p.getFileName().toString().equals("epochs.csv"))
                        .sorted().toList();
                for (Path csv : csvs) {
                    runs.add(read(csv.getParent()));
                }
            } catch (IOException e) {
                throw new ReportException(root + ": cannot scan: " + e.getMessage(), e);
            }
        }
        if (runs.isEmpty()) {
            throw new ReportException("no run directories (with epochs.csv) under "
                    + roots.stream().map(Path::toString).reduce((a, b) -> a + ", " + b)
                            .orElse("(nothing)"));
        }
        runs.sort(Comparator.comparing((RunSummary r) -> r.dir().toString()));
        return runs;
    }

    public static RunSummary read(Path dir) {
        Path cfgFile = dir.resolve("config.yaml");
        RunConfig cfg;
        try {
            cfg = ConfigLoader.parseYaml(Files.readString(cfgFile, StandardCharsets.UTF_8),
                    cfgFile.toString());
        } catch (IOException e) {
            throw new ReportException(cfgFile + ": cannot read (every run directory needs the "
                    + "config.yaml that train writes)", e);
        } catch (ConfigException e) {
            throw new ReportException(e.getMessage(), e);
        }
        String status = "running";
        Path manifest = dir.resolve("manifest.json");
        if (Files.exists(manifest)) {
            try {
                JsonNode m = JSON.readTree(manifest.toFile());
                status = m.path("status").asText("running");
            } catch (IOException e) {
                throw new ReportException(manifest + ": not valid JSON: " + e.getMessage(), e);
            }
        }
        return new RunSummary(dir, cfg, status, readEpochs(dir.resolve("epochs.csv")));
    }

    static Table readEpochs(Path csv) {
        String text;
        try {
            text = Files.readString(csv, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ReportException(csv + ": cannot read: " + e.getMessage(), e);
        }
        String header = text.lines().findFirst().orElse("");
        if (!header.equals(String.join(",", COLUMNS))) {
            throw new ReportException(csv + ": header is not that of an epochs.csv: '" + header
                    + "'");
        }
        List<String> lines = text.lines().toList();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",", -1);
            if (f.length != COLUMNS.length) {
                throw new ReportException(csv + ": line " + (i + 1) + " has " + f.length
                        + " fields, expected " + COLUMNS.length);
            }
            for (int c = 0; c < f.length; c++) {
                try {
                    Double.parseDouble(f[c]);
                } catch (NumberFormatException e) {
                    throw new ReportException(csv + ": line " + (i + 1) + ", column " + COLUMNS[c]
                            + ": not a number: '" + f[c] + "'");
                }
            }
        }
        ColumnType[] types = new ColumnType[COLUMNS.length];
        types[0] = ColumnType.INTEGER;
        for (int i = 1; i < types.length; i++) {
            types[i] = ColumnType.DOUBLE;
        }
        Table t = Table.read().usingOptions(CsvReadOptions.builder(new StringReader(text))
                .columnTypes(types).missingValueIndicator("").tableName(csv.toString()));
        return t.sortAscendingOn("epoch");
    }
}

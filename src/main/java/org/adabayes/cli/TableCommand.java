package org.adabayes.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import org.adabayes.report.Table1;
import org.adabayes.train.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adabayes table}: Table 1 from run directories, beside the paper's numbers. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Table 1 (min test error and loss per optimizer) from run directories.")
public final class TableCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Run directories or "
            + "folders holding them (searched recursively).")
    List<Path> dirs;

    @Option(names = "--format", defaultValue = "md", description = "md | csv | latex")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Option(names = "--metric", defaultValue = "best",
            description = "best (minimum over epochs, the paper's) | final (last epoch)")
    String metric;

    @Option(names = "--compare-paper", negatable = true, description = "Show the paper's value "
            + "and the difference in each cell (default: when every group is one of the paper's).")
    Boolean comparePaper;

    @Option(names = "--allow-mixed", description = "Table groups whose runs differ in protocol.")
    boolean allowMixed;

    @Override
    public Integer call() throws Exception {
        if (!metric.equals("best") && !metric.equals("final")) {
            throw new IllegalArgumentException("--metric: must be best or final, got '" + metric
                    + "'");
        }
        List<RunSummary> runs = ResultsScanner.scan(dirs);
        Table1 t = Table1.build(runs, metric.equals("best"), comparePaper, allowMixed);
        String text = switch (format) {
            case "md" -> t.markdown();
            case "csv" -> t.csv();
            case "latex" -> t.latex();
            default -> throw new IllegalArgumentException("--format: must be md, csv or latex, "
                    + "got '" + format + "'");
        };
        if (out != null) {
            AtomicFiles.writeString(out, text);
            spec.commandLine().getOut().println("wrote " + out + " (" + runs.size() + " runs)");
        } else {
            spec.commandLine().getOut().print(text);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}

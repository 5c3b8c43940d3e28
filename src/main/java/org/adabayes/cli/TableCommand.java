package org.adabayes.cli;

import java.nio.file.Path;
import java.util.List;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.OutPaths;
import org.adabayes.report.Reduction;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import org.adabayes.report.Table1;
import org.adabayes.report.Table1Format;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes table}: Table 1 from run directories, beside the paper's numbers. */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = "Table 1 (min test error and loss per optimizer) from run directories.")
final class TableCommand extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Run directories or "
            + "folders holding them (searched recursively).")
    List<Path> dirs;

    @Option(names = "--format", defaultValue = "md",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Table1Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Option(names = "--metric", defaultValue = "best",
            description = "best (minimum over epochs, the paper's) | final (last epoch)")
    Reduction metric;

    @Option(names = "--compare-paper", negatable = true, description = "Show the paper's value "
            + "and the difference in each cell (default: when every group is one of the paper's).")
    Boolean comparePaper;

    @Option(names = "--allow-mixed", description = "Table groups whose runs differ in protocol.")
    boolean allowMixed;

    @Override
    protected void validate() {
        if (out != null) {
            OutPaths.file(out, "--out");
        }
    }

    @Override
    protected ExitCode execute() throws Exception {
        List<RunSummary> runs = ResultsScanner.scan(dirs);
        String text = format.render(Table1.build(runs, metric, comparePaper, allowMixed));
        if (out != null) {
            AtomicFiles.writeString(out, text);
            out().println("wrote " + out + " (" + runs.size() + " runs)");
        } else {
            out().print(text);
        }
        return ExitCode.OK;
    }
}

package org.adabayes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.OutPaths;
import org.adabayes.io.UserInputException;
import org.adabayes.report.Reduction;
import org.adabayes.report.Results;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import org.adabayes.report.Table1;
import org.adabayes.report.Table1Format;
import org.adabayes.report.TimeToTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code adabayes table}: Table 1 from run directories, beside the paper's numbers. Runs are
 * averaged only over seeds of one setting (an optimizer with all its hyper-parameters); a sweep is
 * read with --by (the swept key in a column) or --best-of (the best value per optimizer).
 */
@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Table 1 (min test error and loss per setting) from run directories.",
            "A row is a setting: an optimizer with every hyper-parameter, the --init weights and "
                    + "the batch limit; only seeds are averaged. Rows name what differs from "
                    + "the optimizer's defaults, e.g. AdaBayes (lr=0.01).",
            "Exit 1 after writing the table when a run's files could not be read (each is "
                    + "named on stderr and counted as damaged in its cell)."})
final class TableCommand extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Run directories or "
            + "folders holding them (searched recursively).")
    List<Path> dirs;

    @Option(names = "--format", defaultValue = "md",
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE})")
    Table1Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path out;

    @Option(names = "--metric", defaultValue = "best", paramLabel = "best|final|time-to:ERROR",
            description = "best (minimum over epochs, the paper's) | final (last epoch) | "
                    + "time-to:ERROR (mean wall-clock seconds and epochs to first reach a test "
                    + "error of ERROR %%; runs that never do are counted); default "
                    + "${DEFAULT-VALUE}")
    String metric;

    @Option(names = "--by", paramLabel = "KEY", description = "Show a swept config key (e.g. "
            + "optimizer.lr) in a column of its own, one row per setting.")
    String by;

    @Option(names = "--best-of", paramLabel = "KEY", description = "Per optimizer, report the "
            + "setting of KEY (e.g. optimizer.lr) whose mean over seeds of --select is lowest, "
            + "and name it in the cell.")
    String bestOf;

    @Option(names = "--select", paramLabel = "METRIC", defaultValue = "train_loss",
            description = {"What --best-of minimises: train_loss (default), train_error, "
                    + "test_loss or test_error, reduced as --metric says.",
                "Selecting on test_error or test_loss is optimistic: the same test set picks "
                        + "the setting and scores it. Select on training loss, or on a "
                        + "held-out part of the training set; the configs here have no held-out "
                        + "split, so train_loss is the honest choice."})
    String select;

    @Option(names = "--include-limited", description = "Table runs limited by --max-batches "
            + "as settings of their own (marked max-batches=N and in the caption) instead of "
            + "only counting them.")
    boolean includeLimited;

    @Option(names = "--compare-paper", negatable = true, description = "Show the paper's value "
            + "and the difference in each cell (default: when every group is one of the paper's).")
    Boolean comparePaper;

    @Option(names = "--allow-mixed", description = "Table groups whose runs differ in protocol.")
    boolean allowMixed;

    private Reduction reduction;
    private Double timeTo;

    @Override
    protected void validate() {
        if (out != null) {
            OutPaths.file(out, "--out");
        }
        String m = metric.toLowerCase(Locale.ROOT);
        if (m.startsWith("time-to:")) {
            try {
                timeTo = Double.parseDouble(m.substring("time-to:".length()));
            } catch (NumberFormatException e) {
                throw new UserInputException("--metric " + metric + ": time-to needs a test "
                        + "error in percent, e.g. time-to:20");
            }
            require(timeTo > 0 && timeTo <= 100, "--metric", "time-to takes an error in "
                    + "(0, 100] percent, got " + timeTo);
            require(format != Table1Format.LATEX, "--format", "latex is not offered for "
                    + "time-to tables (md or csv)");
            reduction = Reduction.BEST;
        } else {
            reduction = switch (m) {
                case "best" -> Reduction.BEST;
                case "final" -> Reduction.FINAL;
                default -> throw new UserInputException("Invalid value for option '--metric': "
                        + "expected one of best, final, time-to:ERROR, got '" + metric
                        + "' (see 'adabayes table --help')");
            };
        }
        require(by == null || bestOf == null, "--by", "give --by or --best-of, not both");
        require(Table1.SELECTABLE.contains(select), "--select", "expected one of "
                + String.join(", ", Table1.SELECTABLE) + ", got '" + select + "'");
        require(bestOf != null || select.equals("train_loss"), "--select",
                "only --best-of selects");
    }

    @Override
    protected ExitCode execute() throws Exception {
        Results res = ResultsScanner.scan(dirs, includeLimited);
        PrintWriter err = spec.commandLine().getErr();
        for (Path p : res.skipped()) {
            err.println("table: skipped " + p + ": no manifest.json, not a run");
        }
        String text;
        if (timeTo != null) {
            text = TimeToTable.render(TimeToTable.build(res, timeTo), timeTo,
                    format == Table1Format.CSV);
        } else {
            text = format.render(Table1.build(res, new Table1.Options(reduction, comparePaper,
                    allowMixed, by, bestOf, bestOf == null ? null : select)));
        }
        if (out != null) {
            AtomicFiles.writeString(out, text);
            out().println("wrote " + out + " (" + res.runs().size() + " runs)");
        } else {
            out().print(text);
        }
        List<RunSummary> damaged = res.damaged();
        for (RunSummary r : damaged) {
            err.println("table: damaged run, counted but not averaged: " + r.damaged());
        }
        err.flush();
        return damaged.isEmpty() ? ExitCode.OK : ExitCode.FAILED;
    }
}

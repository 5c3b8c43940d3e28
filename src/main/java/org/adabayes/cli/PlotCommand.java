package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.io.OutPaths;
import org.adabayes.report.CurvePlots;
import org.adabayes.report.Group;
import org.adabayes.report.LrTracePlot;
import org.adabayes.report.Results;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import org.adabayes.report.SensitivityPlot;
import org.adabayes.report.Table1;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code adabayes plot}: Fig. 4, Fig. A5 and (where traced) Fig. 3 as PNG and SVG, and with
 * --sensitivity a sweep's metric against its swept key.
 */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Figures from run directories: test and train curves (one line per "
                + "setting, as table's rows), Fig. 3 from lr_trace.csv, and a sweep's "
                + "sensitivity figure. Lists every file it writes.")
final class PlotCommand extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR", description = "Run directories or "
            + "folders holding them (searched recursively), as table takes them.")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where the "
            + "figures go (created if missing): Fig. 4, Fig. A5 and Fig. 3, each as PNG and SVG.")
    Path out;

    @Option(names = "--sensitivity", paramLabel = "KEY", description = "Also draw the final "
            + "and best value of --sensitivity-metric against a swept key (e.g. optimizer.lr), "
            + "one line per optimizer, mean over seeds with the std as error bars; log axis for "
            + "learning rates.")
    String sensitivity;

    @Option(names = "--sensitivity-metric", paramLabel = "METRIC", defaultValue = "test_error",
            description = "train_loss, train_error, test_loss or test_error (default "
                    + "${DEFAULT-VALUE}).")
    String sensitivityMetric;

    @Override
    protected void validate() {
        OutPaths.directory(out, "--out");
        require(Table1.SELECTABLE.contains(sensitivityMetric), "--sensitivity-metric",
                "expected one of " + String.join(", ", Table1.SELECTABLE) + ", got '"
                        + sensitivityMetric + "'");
    }

    @Override
    protected ExitCode execute() throws Exception {
        Results res = ResultsScanner.scan(dirs, true);
        for (Path p : res.skipped()) {
            spec.commandLine().getErr().println("plot: skipped " + p
                    + ": no manifest.json, not a run");
        }
        List<Path> written = new ArrayList<>(CurvePlots.write(res, out));
        if (sensitivity != null) {
            written.addAll(SensitivityPlot.write(res, sensitivity, sensitivityMetric, out));
        }
        for (RunSummary r : res.runs()) {
            String slug = Group.of(r).slug() + "-" + r.setting().slug() + "-seed" + r.seed();
            written.addAll(LrTracePlot.write(r, out, slug));
        }
        for (Path p : written) {
            out().println("wrote " + p);
        }
        return ExitCode.OK;
    }
}

package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.adabayes.io.OutPaths;
import org.adabayes.report.CurvePlots;
import org.adabayes.report.Group;
import org.adabayes.report.LrTracePlot;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code adabayes plot}: Fig. 4, Fig. A5 and (where traced) Fig. 3 as PNG and SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Figures from run directories: test and train curves, and Fig. 3 from "
                + "lr_trace.csv.")
final class PlotCommand extends Subcommand {
    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    protected void validate() {
        OutPaths.directory(out, "--out");
    }

    @Override
    protected ExitCode execute() throws Exception {
        List<RunSummary> runs = ResultsScanner.scan(dirs);
        List<Path> written = new ArrayList<>(CurvePlots.write(runs, out));
        for (RunSummary r : runs) {
            String slug = Group.of(r).slug() + "-" + r.optimizer().id() + "-seed" + r.seed();
            Path p = LrTracePlot.write(r, out, slug);
            if (p != null) {
                written.add(p);
            }
        }
        for (Path p : written) {
            out().println("wrote " + p);
        }
        return ExitCode.OK;
    }
}

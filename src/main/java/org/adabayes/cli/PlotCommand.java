package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.adabayes.report.CurvePlots;
import org.adabayes.report.LrTracePlot;
import org.adabayes.report.ResultsScanner;
import org.adabayes.report.RunSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code adabayes plot}: Fig. 4, Fig. A5 and (where traced) Fig. 3 as PNG and SVG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Figures from run directories: test and train curves, and Fig. 3 from "
                + "lr_trace.csv.")
public final class PlotCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(arity = "1..*", paramLabel = "RESULTS_DIR")
    List<Path> dirs;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<RunSummary> runs = ResultsScanner.scan(dirs);
        List<Path> written = new ArrayList<>(CurvePlots.write(runs, out));
        for (RunSummary r : runs) {
            String slug = r.dataset() + "-" + r.model().replace('@', '_') + "-" + r.optimizer()
                    + "-seed" + r.seed();
            Path p = LrTracePlot.write(r, out, slug);
            if (p != null) {
                written.add(p);
            }
        }
        for (Path p : written) {
            spec.commandLine().getOut().println("wrote " + p);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}

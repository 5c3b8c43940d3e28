package org.adabayes.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.AtomicFiles;
import org.adabayes.io.OutPaths;
import org.adabayes.nqm.Nqm;
import org.adabayes.nqm.NqmPlot;
import org.adabayes.nqm.NqmPoint;
import org.adabayes.nqm.NqmSweep;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code adabayes nqm}: the noisy quadratic model sweep, CSV and plot, in seconds. */
@Command(name = "nqm", mixinStandardHelpOptions = true,
        description = "Steps-to-target vs batch size on the noisy quadratic model.")
final class NqmCommand extends Subcommand {
    @Option(names = "--dim", defaultValue = "200",
            description = "K, the dimension (default ${DEFAULT-VALUE}; the paper used 10^4).")
    int dim;

    @Option(names = "--batch-sizes", defaultValue = "4..2^21",
            description = "LO..HI in powers of two (e.g. 4..2^21, 16..4096) or a list 8,64,512 "
                    + "(default ${DEFAULT-VALUE}).")
    String batchSizes;

    @Option(names = "--optimizers", split = ",", description = "Subset of: sgd, momentum, "
            + "precond-0.25, precond-0.5, precond-0.75, ema, adam, adabayes, adabayes-fp "
            + "(default: sgd, momentum, precond-0.5, adam, adabayes, adabayes-fp).")
    List<String> optimizers = new ArrayList<>(List.of("sgd", "momentum", "precond-0.5", "adam",
            "adabayes", "adabayes-fp"));

    @Option(names = "--target", defaultValue = "0.01", description = "Loss target C: the steps "
            + "to reach it are what is measured (default ${DEFAULT-VALUE}).")
    double target;

    @Option(names = "--repeats", defaultValue = "3", description = "Monte-Carlo repeats per "
            + "batch size, each with its own seed (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where nqm.csv and the figure go.")
    Path out;

    private List<Long> batches;

    @Override
    protected void validate() {
        require(dim >= 1, "--dim", "must be >= 1, got " + dim);
        require(repeats >= 1, "--repeats", "must be >= 1, got " + repeats);
        require(target > 0 && Double.isFinite(target), "--target",
                "must be a positive number, got " + target);
        NqmSweep.checkOptimizers(optimizers);
        OutPaths.directory(out, "--out");
        batches = NqmSweep.parseBatchSizes(batchSizes);
    }

    @Override
    protected ExitCode execute() throws Exception {
        Nqm nqm = new Nqm(dim, target);
        NqmSweep d = NqmSweep.defaults(nqm);
        NqmSweep sweep = new NqmSweep(nqm, d.lrGrid(), d.etaGrid(), d.etaSgdGrid(), d.betaGrid(),
                repeats, d.maxSteps());
        long t0 = System.nanoTime();
        int total = optimizers.size() * batches.size();
        int[] done = {0};
        List<NqmPoint> points = sweep.run(optimizers, batches, p -> {
            done[0]++;
            out().printf(Locale.ROOT, "[%d/%d] %-12s B=%-8d steps %s%n", done[0], total,
                    p.optimizer(), p.batchSize(), p.steps() > 0 ? p.steps() : "not reached");
            out().flush();
        });
        StringBuilder sb = new StringBuilder(NqmPoint.HEADER).append('\n');
        points.forEach(p -> sb.append(p.toCsv()).append('\n'));
        AtomicFiles.writeString(out.resolve("nqm.csv"), sb.toString());
        NqmPlot.write(points, nqm, out.resolve("nqm.png"));
        out().printf(Locale.ROOT, "%d points in %.1f s: %s, %s%n", points.size(),
                (System.nanoTime() - t0) / 1e9, out.resolve("nqm.csv"), out.resolve("nqm.png"));
        return ExitCode.OK;
    }
}

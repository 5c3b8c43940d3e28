package org.adabayes.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.adabayes.nqm.Nqm;
import org.adabayes.nqm.NqmPlot;
import org.adabayes.nqm.NqmPoint;
import org.adabayes.nqm.NqmSweep;
import org.adabayes.train.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code adabayes nqm}: the noisy quadratic model sweep, CSV and plot, in seconds. */
@Command(name = "nqm", mixinStandardHelpOptions = true,
        description = "Steps-to-target vs batch size on the noisy quadratic model.")
public final class NqmCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

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

    @Option(names = "--target", defaultValue = "0.01", description = "Loss target C.")
    double target;

    @Option(names = "--repeats", defaultValue = "3", description = "Monte-Carlo repeats.")
    int repeats;

    @Option(names = "--out", required = true, paramLabel = "DIR")
    Path out;

    @Override
    public Integer call() throws Exception {
        Nqm nqm = new Nqm(dim, target);
        List<Long> bs = parseBatchSizes(batchSizes);
        NqmSweep d = NqmSweep.defaults(nqm);
        NqmSweep sweep = new NqmSweep(nqm, d.lrGrid(), d.etaGrid(), d.etaSgdGrid(), d.betaGrid(),
                repeats, d.maxSteps());
        PrintWriter w = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        int total = optimizers.size() * bs.size();
        int[] done = {0};
        List<NqmPoint> points = sweep.run(optimizers, bs, p -> {
            done[0]++;
            w.printf(Locale.ROOT, "[%d/%d] %-12s B=%-8d steps %s%n", done[0], total,
                    p.optimizer(), p.batchSize(), p.steps() > 0 ? p.steps() : "not reached");
            w.flush();
        });
        StringBuilder sb = new StringBuilder(NqmPoint.HEADER).append('\n');
        points.forEach(p -> sb.append(p.toCsv()).append('\n'));
        AtomicFiles.writeString(out.resolve("nqm.csv"), sb.toString());
        NqmPlot.write(points, nqm, out.resolve("nqm.png"));
        w.printf(Locale.ROOT, "%d points in %.1f s: %s, %s%n", points.size(),
                (System.nanoTime() - t0) / 1e9, out.resolve("nqm.csv"), out.resolve("nqm.png"));
        return 0;
    }

    static List<Long> parseBatchSizes(String s) {
        List<Long> out = new ArrayList<>();
        try {
            if (s.contains("..")) {
                String[] p = s.split("\\.\\.");
                long lo = pow2(p[0].trim());
                long hi = pow2(p[1].trim());
                for (long b = lo; b <= hi; b *= 2) {
                    out.add(b);
                }
            } else {
                for (String x : s.split(",")) {
                    out.add(pow2(x.trim()));
                }
            }
        } catch (NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw new IllegalArgumentException("--batch-sizes: cannot parse '" + s
                    + "' (expected LO..HI or a comma list, e.g. 4..2^21)");
        }
        if (out.isEmpty() || out.get(0) < 1) {
            throw new IllegalArgumentException("--batch-sizes: no positive batch sizes in '" + s
                    + "'");
        }
        return out;
    }

    private static long pow2(String x) {
        return x.startsWith("2^") ? 1L << Integer.parseInt(x.substring(2)) : Long.parseLong(x);
    }
}

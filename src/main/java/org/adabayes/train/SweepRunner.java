package org.adabayes.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.adabayes.config.PlannedRun;
import org.adabayes.engine.OneDnnIsa;
import org.adabayes.rundir.RunDir;
import org.adabayes.rundir.RunLockedException;
import org.adabayes.rundir.RunState;

/**
 * Runs planned runs one after another: finished runs are skipped, interrupted ones resumed, and a
 * run that fails or diverges is recorded and the sweep goes on, so one bad corner of a grid does
 * not cost the night's other runs. A run whose directory another process holds is left to it, so
 * several sweeps of one grid (on one machine, or nodes with working file locks) share the work.
 */
public final class SweepRunner {
    /** Counts by outcome: done, skipped, resumed, failed, diverged. */
    public record Summary(Map<String, Integer> counts) {
        public int get(String k) {
            return counts.getOrDefault(k, 0);
        }

        public String line() {
            return String.format(Locale.ROOT, "sweep: %d done, %d skipped (complete), %d resumed, "
                    + "%d failed, %d diverged%s", get("done"), get("skipped"), get("resumed"),
                    get("failed"), get("diverged"), get("locked") > 0 ? ", " + get("locked")
                            + " run by another worker" : "");
        }
    }

    private SweepRunner() {}

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
                : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }

    /**
     * Runs each planned run in its directory ({@code dirs}, as {@code RunPaths.assign} gave them).
     */
    public static Summary run(List<PlannedRun> runs, List<Path> dirs, RunOptions opts,
            PrintStream log) {
        Map<String, Integer> counts = new TreeMap<>();
        long start = System.nanoTime();
        OneDnnIsa.apply(runs.stream().map(r -> r.config().model()).toList(), log);
        for (int i = 0; i < runs.size(); i++) {
            PlannedRun r = runs.get(i);
            Path dir = dirs.get(i);
            log.printf(Locale.ROOT, "[%d/%d] run %d: %s%n", i + 1, runs.size(), r.index(), dir);
            String outcome;
            try {
                boolean existed = Files.exists(dir.resolve(RunDir.CHECKPOINT));
                RunResult res = new RunLoop(r.config(), dir, opts, log).run();
                if (res.skipped()) {
                    outcome = "skipped";
                } else if (res.state() == RunState.DIVERGED) {
                    outcome = "diverged";
                } else {
                    outcome = existed && res.resumedFrom() > 0 ? "resumed" : "done";
                }
            } catch (RunLockedException e) {
                // another worker (a second sweep over the same grid) runs it: theirs to finish
                log.println("  " + e.getMessage());
                outcome = "locked";
            } catch (IOException | RuntimeException e) {
                // recorded, printed, and the exit code says so: a sweep goes on past one failure
                log.println("  failed: " + e.getMessage());
                outcome = "failed";
            }
            counts.merge(outcome, 1, Integer::sum);
            double elapsed = (System.nanoTime() - start) / 1e9;
            log.printf(Locale.ROOT, "[%d/%d] %s: %s (sweep %s, ETA %s)%n", i + 1, runs.size(),
                    outcome, dir, duration(elapsed),
                    duration(elapsed / (i + 1) * (runs.size() - i - 1)));
        }
        return new Summary(counts);
    }
}

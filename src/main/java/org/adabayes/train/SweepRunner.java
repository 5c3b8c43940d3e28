package org.adabayes.train;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
 * A signal stops the sweep: the current run checkpoints mid-epoch and no further run starts.
 */
public final class SweepRunner {
    /** What became of one planned run. */
    public enum Outcome {
        DONE("done"),
        SKIPPED("skipped (complete)"),
        RESUMED("resumed"),
        FAILED("failed"),
        DIVERGED("diverged"),
        LOCKED("run by another worker"),
        INTERRUPTED("interrupted");

        private final String words;

        Outcome(String words) {
            this.words = words;
        }
    }

    /**
     * Counts by outcome, and the signal that stopped the sweep (null when it ran to its end).
     */
    public record Summary(Map<Outcome, Integer> counts, StopSignals.Kind stoppedBy) {
        public int get(Outcome o) {
            return counts.getOrDefault(o, 0);
        }

        public String line() {
            StringBuilder sb = new StringBuilder("sweep: ");
            for (Outcome o : Outcome.values()) {
                boolean always = o.ordinal() <= Outcome.DIVERGED.ordinal();
                if (always || get(o) > 0) {
                    sb.append(get(o)).append(' ').append(o.words).append(", ");
                }
            }
            sb.setLength(sb.length() - 2);
            if (stoppedBy != null) {
                sb.append("; stopped by ").append(stoppedBy.signalName())
                        .append(": rerun the same command to go on");
            }
            return sb.toString();
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
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        long start = System.nanoTime();
        OneDnnIsa.apply(runs.stream().map(r -> r.config().model()).toList(),
                opts.quiet() ? null : log);
        for (int i = 0; i < runs.size(); i++) {
            if (opts.stop().get() != null) {
                return new Summary(counts, opts.stop().get());
            }
            PlannedRun r = runs.get(i);
            Path dir = dirs.get(i);
            log.printf(Locale.ROOT, "[%d/%d] run %d: %s%n", i + 1, runs.size(), r.index(), dir);
            Outcome outcome;
            StopSignals.Kind stopped = null;
            try {
                // a checkpoint with its manifest is a run to resume (mid-epoch, too)
                boolean existed = Files.exists(dir.resolve(RunDir.CHECKPOINT))
                        && Files.exists(dir.resolve(RunDir.MANIFEST));
                RunResult res = new RunLoop(r.config(), dir, opts, log).run();
                stopped = res.stoppedBy();
                if (res.skipped()) {
                    outcome = Outcome.SKIPPED;
                } else if (res.state() == RunState.DIVERGED) {
                    outcome = Outcome.DIVERGED;
                } else if (res.state() == RunState.INTERRUPTED) {
                    outcome = Outcome.INTERRUPTED;
                } else {
                    outcome = existed ? Outcome.RESUMED : Outcome.DONE;
                }
            } catch (RunLockedException e) {
                // another worker (a second sweep over the same grid) runs it: theirs to finish
                log.println("  " + e.getMessage());
                outcome = Outcome.LOCKED;
            } catch (IOException | RuntimeException e) {
                // recorded, printed, and the exit code says so: a sweep goes on past one failure
                log.println("  failed: " + e.getMessage());
                outcome = Outcome.FAILED;
            }
            counts.merge(outcome, 1, Integer::sum);
            double elapsed = (System.nanoTime() - start) / 1e9;
            log.printf(Locale.ROOT, "[%d/%d] %s: %s (sweep %s, ETA %s)%n", i + 1, runs.size(),
                    outcome.words, dir, duration(elapsed),
                    duration(elapsed / (i + 1) * (runs.size() - i - 1)));
            if (stopped != null) {
                return new Summary(counts, stopped);
            }
        }
        return new Summary(counts, null);
    }
}

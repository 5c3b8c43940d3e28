package org.adabayes.cli;

import java.io.UncheckedIOException;
import org.adabayes.io.UserInputException;
import org.adabayes.rundir.RunState;
import org.adabayes.train.RunResult;
import org.adabayes.train.StopSignals;
import org.adabayes.train.SweepRunner;

/**
 * The process's exit codes, decided here alone: a script (a sweep on a cluster, CI) branches on
 * them, so a run that diverged must not read as one that crashed, and bad input must not read as
 * either.
 */
public enum ExitCode {
    /** Done (a finished run found again counts too). */
    OK(0),
    /** A run or the tool failed. */
    FAILED(1),
    /** Bad input: one line naming the file, field and problem. */
    BAD_INPUT(2),
    /** A run diverged: its rows up to the divergence are on disk. */
    DIVERGED(3),
    /** SIGINT stopped a run at a step boundary, checkpointed: rerun to resume. */
    INTERRUPTED(130),
    /** SIGUSR1 (Slurm's warning before a time limit or preemption): checkpointed, requeue. */
    REQUEUE(138),
    /** SIGTERM stopped a run at a step boundary, checkpointed: rerun to resume. */
    TERMINATED(143);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** How a run that returned ended. */
    public static ExitCode of(RunResult r) {
        return r.stoppedBy() != null ? of(r.stoppedBy())
                : r.state() == RunState.DIVERGED ? DIVERGED : OK;
    }

    /**
     * A sweep: stopped by a signal (that signal's code, whatever else happened, so a batch script
     * knows to requeue), else failed when any run failed, else diverged when any diverged.
     */
    public static ExitCode of(SweepRunner.Summary s) {
        if (s.stoppedBy() != null) {
            return of(s.stoppedBy());
        }
        return s.get(SweepRunner.Outcome.FAILED) > 0 ? FAILED
                : s.get(SweepRunner.Outcome.DIVERGED) > 0 ? DIVERGED : OK;
    }

    /** The code of a run a signal stopped: 128 + the signal's number. */
    public static ExitCode of(StopSignals.Kind k) {
        return switch (k) {
            case INT -> INTERRUPTED;
            case TERM -> TERMINATED;
            case USR1 -> REQUEUE;
        };
    }

    /** What escaped a command: bad input, or a failure. */
    public static ExitCode of(Throwable ex) {
        return unwrap(ex) instanceof UserInputException ? BAD_INPUT : FAILED;
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    }
}

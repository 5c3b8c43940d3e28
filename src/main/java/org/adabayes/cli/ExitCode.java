package org.adabayes.cli;

import java.io.UncheckedIOException;
import org.adabayes.io.UserInputException;
import org.adabayes.rundir.RunState;
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
    DIVERGED(3);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** How a run that returned ended. */
    public static ExitCode of(RunState state) {
        return state == RunState.DIVERGED ? DIVERGED : OK;
    }

    /** A sweep: failed when any run failed, else diverged when any diverged. */
    public static ExitCode of(SweepRunner.Summary s) {
        return s.get("failed") > 0 ? FAILED : s.get("diverged") > 0 ? DIVERGED : OK;
    }

    /** What escaped a command: bad input, or a failure. */
    public static ExitCode of(Throwable ex) {
        return unwrap(ex) instanceof UserInputException ? BAD_INPUT : FAILED;
    }

    static Throwable unwrap(Throwable e) {
        return e instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : e;
    }
}

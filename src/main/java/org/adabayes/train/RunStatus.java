package org.adabayes.train;

/** How a run ended; the CLI maps it to the exit code. */
public enum RunStatus {
    COMPLETE(0),
    ALREADY_COMPLETE(0),
    DIVERGED(3),
    FAILED(1);

    public final int exitCode;

    RunStatus(int exitCode) {
        this.exitCode = exitCode;
    }
}

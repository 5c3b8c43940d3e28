package org.adabayes.rundir;

import org.adabayes.io.UserInputException;

/** Another writer holds a run directory; a sweep takes that as "someone else runs it". */
public final class RunLockedException extends UserInputException {
    private static final long serialVersionUID = 1L;

    public RunLockedException(String message) {
        super(message);
    }
}

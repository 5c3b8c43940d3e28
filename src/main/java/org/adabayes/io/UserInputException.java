package org.adabayes.io;

/**
 * Input the tool cannot use: a config field, an option, a data or result file. The message is the
 * whole one-line diagnosis a user sees (file, field, problem, and what to do), so the CLI prints it
 * as it is and exits with code 2. Anything else that goes wrong is a failure of the tool (exit 1).
 */
public class UserInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserInputException(String message) {
        super(message);
    }

    public UserInputException(String message, Throwable cause) {
        super(message, cause);
    }
}

package org.adabayes.report;

/** Results that cannot be reported (no runs, a corrupt CSV, mixed protocols): exit code 2. */
public class ReportException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public ReportException(String message) {
        super(message);
    }

    public ReportException(String message, Throwable cause) {
        super(message, cause);
    }
}

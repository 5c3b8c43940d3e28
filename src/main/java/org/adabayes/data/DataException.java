package org.adabayes.data;

/** Missing, wrong or corrupt data files; the message names the file and what is wrong. */
public class DataException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}

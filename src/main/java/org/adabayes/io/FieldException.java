package org.adabayes.io;

/**
 * One bad field of a config record, thrown where the record is built. The field is relative to that
 * record; the loader prefixes the path Jackson reports, so the user sees {@code optimizer.lr}, not
 * {@code lr}.
 */
public class FieldException extends UserInputException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FieldException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    /** Throws when {@code ok} is false. */
    public static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new FieldException(field, problem);
        }
    }
}

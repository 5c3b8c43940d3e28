package org.adabayes.config;

/**
 * Thrown by a record's compact constructor for one bad field. The field is relative to that record;
 * the loader prefixes the path Jackson reports, so the user sees {@code optimizer.lr}, not
 * {@code lr}.
 */
public class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public FieldException(String field, String problem) {
        super(problem);
        this.field = field;
    }

    public String field() {
        return field;
    }

    static void require(boolean ok, String field, String problem) {
        if (!ok) {
            throw new FieldException(field, problem);
        }
    }

    static double positive(Double value, String field) {
        require(value == null || (value > 0 && Double.isFinite(value)), field,
                "must be a positive number, got " + value);
        return value == null ? Double.NaN : value;
    }
}

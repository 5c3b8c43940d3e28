package org.adabayes.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.adabayes.io.FieldException;
import org.adabayes.io.UserInputException;

/**
 * Turns each kind of Jackson failure into the one line a user reads: the file, the field path
 * and the problem, e.g. {@code run.yaml: optimizer.lr: expected a number, got 'fast'}.
 */
final class JacksonErrors {
    private JacksonErrors() {}

    /** A parse error: where it is and what the parser saw. */
    static String syntax(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": ";
        String msg = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        return where + "syntax error: " + msg;
    }

    /** A binding error as a user-input exception naming the field. */
    static UserInputException binding(JsonProcessingException e, String label) {
        if (e instanceof UnrecognizedPropertyException u) {
            String known = u.getKnownPropertyIds() == null ? "" : " (known: " + u
                    .getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            return new UserInputException(label + ": " + path(u) + ": unknown field" + known, e);
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable c = v.getCause();
            if (c instanceof FieldException f) {
                String p = path(v);
                String full = p.isEmpty() ? f.field() : p + "." + f.field();
                return new UserInputException(label + ": " + full + ": " + f.getMessage(), e);
            }
            return new UserInputException(label + ": " + path(v) + ": "
                    + (c == null ? v.getOriginalMessage() : c.getMessage()), e);
        }
        if (e instanceof InvalidFormatException f) {
            return new UserInputException(label + ": " + path(f) + ": expected "
                    + kind(f.getTargetType()) + ", got '" + f.getValue() + "'", e);
        }
        if (e instanceof MismatchedInputException m) {
            return new UserInputException(label + ": " + path(m) + ": expected "
                    + kind(m.getTargetType()) + got(m), e);
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException c
                && c.getProcessor() != null) {
            String value;
            try {
                value = c.getProcessor().getText();
            } catch (IOException io) {
                value = "the value";
            }
            return new UserInputException(label + ": " + path(m) + ": " + value
                    + " is out of range for an integer (" + Integer.MIN_VALUE + " to "
                    + Integer.MAX_VALUE + ")", e);
        }
        return new UserInputException(label + ": " + e.getOriginalMessage(), e);
    }

    /** The offending scalar, when the parser still sits on it. */
    private static String got(MismatchedInputException e) {
        try {
            if (e.getProcessor() instanceof JsonParser p && p.currentToken() != null
                    && p.currentToken().isScalarValue()) {
                return ", got '" + p.getText() + "'";
            }
        } catch (IOException ignored) {
            // no token text to show: the message without it is still complete
        }
        return "";
    }

    private static String kind(Class<?> t) {
        if (t == null) {
            return "another type";
        }
        if (t == Integer.class || t == int.class || t == Long.class || t == long.class) {
            return "an integer";
        }
        if (t == Double.class || t == double.class) {
            return "a number";
        }
        if (t == Boolean.class || t == boolean.class) {
            return "true or false";
        }
        if (t == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(t)) {
            return "a list";
        }
        if (t.isRecord()) {
            return "a mapping";
        }
        return t.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}

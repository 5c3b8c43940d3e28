package org.adabayes.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;
import org.adabayes.io.FieldException;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.OptimizerKind;

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
        return binding(e, label, List.of());
    }

    /**
     * A binding error as a user-input exception naming the field; where a {@code --set} override
     * put the field's value there, the override is named instead of the file, since the file
     * holds no such value.
     */
    static UserInputException binding(JsonProcessingException e, String label,
            List<String> overrides) {
        Failure f = failure(e);
        if (f == null) {
            return new UserInputException(label + ": " + e.getOriginalMessage(), e);
        }
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq > 0 && o.substring(0, eq).trim().equals(f.path())) {
                return new UserInputException("--set " + o + ": " + f.problem(), e);
            }
        }
        return new UserInputException(label + ": " + (f.path().isEmpty() ? "" : f.path() + ": ")
                + f.problem(), e);
    }

    /** What failed where: the field's path in the config and the problem in a user's words. */
    private record Failure(String path, String problem) {}

    /** The field and problem of a binding error, or null when it names no field. */
    private static Failure failure(JsonProcessingException e) {
        if (e instanceof InvalidTypeIdException t) {
            // the type's property: an optimizer's name
            String p = path(t);
            return new Failure((p.isEmpty() ? "" : p + ".") + "name", t.getOriginalMessage());
        }
        if (e instanceof UnrecognizedPropertyException u) {
            String problem = OptimizerKind.unknownField(u.getReferringClass(),
                    u.getPropertyName());
            if (problem == null) {
                problem = "unknown field" + (u.getKnownPropertyIds() == null ? "" : " (known: "
                        + u.getKnownPropertyIds().stream().map(Object::toString).sorted()
                                .collect(Collectors.joining(", ")) + ")");
            }
            return new Failure(path(u), problem);
        }
        if (e instanceof ValueInstantiationException v) {
            Throwable c = v.getCause();
            if (c instanceof FieldException f) {
                String p = path(v);
                return new Failure(p.isEmpty() ? f.field() : p + "." + f.field(),
                        f.getMessage());
            }
            return new Failure(path(v), c == null ? v.getOriginalMessage() : c.getMessage());
        }
        if (e instanceof InvalidFormatException f) {
            return new Failure(path(f), "expected " + kind(f.getTargetType()) + ", got '"
                    + f.getValue() + "'");
        }
        if (e instanceof MismatchedInputException m) {
            return new Failure(path(m), "expected " + kind(m.getTargetType()) + got(m));
        }
        if (e instanceof JsonMappingException m && m.getCause() instanceof InputCoercionException c
                && c.getProcessor() != null) {
            String value;
            try {
                value = c.getProcessor().getText();
            } catch (IOException io) {
                value = "the value";
            }
            return new Failure(path(m), value + " is out of range for an integer ("
                    + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE + ")");
        }
        return null;
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

package org.adabayes.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Reads YAML or JSON (by extension) into records, applying {@code --set key.path=value} overrides
 * to the tree first, and turns every Jackson failure into one line: file, field path, problem.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = strict(YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES).build()).build());
    private static final ObjectMapper JSON = strict(JsonMapper.builder().build());

    private ConfigLoader() {}

    private static ObjectMapper strict(ObjectMapper m) {
        m.setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float,
            LogicalType.Boolean}) {
            // "128" is not a batch size: a quoted number in a config is a typo worth reporting
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** Loads a run config from a file, with overrides applied in order. */
    public static RunConfig load(Path file, List<String> overrides) {
        return load(file, overrides, RunConfig.class);
    }

    /** Loads any config record (run config, sweep grid) from a file with overrides. */
    public static <T> T load(Path file, List<String> overrides, Class<T> type) {
        String label = file.toString();
        JsonNode tree = readTree(file);
        return bind(applyOverrides(tree, overrides), type, label);
    }

    /** Reads a YAML or JSON file into a tree, with one-line errors for IO and syntax. */
    public static JsonNode readTree(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(label + ": no such file");
        } catch (IOException e) {
            throw new ConfigException(label + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonNode tree = mapperFor(file).readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!tree.isObject()) {
                throw new ConfigException(label + ": the top level must be a mapping of fields");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new ConfigException(label + ": " + syntax(e), e);
        }
    }

    private static String syntax(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : "line " + e.getLocation().getLineNr() + ", column "
                        + e.getLocation().getColumnNr() + ": ";
        String msg = e.getOriginalMessage().lines().findFirst().orElse("syntax error");
        return where + "syntax error: " + msg;
    }

    private static ObjectMapper mapperFor(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        throw new ConfigException(file + ": unknown config format (expected .yaml, .yml or .json)");
    }

    /** Applies {@code a.b.c=value} overrides; values are parsed as YAML scalars or flow lists. */
    public static JsonNode applyOverrides(JsonNode tree, List<String> overrides) {
        ObjectNode root = tree.deepCopy();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--set " + o + ": expected key.path=value");
            }
            String[] keys = o.substring(0, eq).trim().split("\\.");
            JsonNode value;
            try {
                value = YAML.readTree(o.substring(eq + 1));
            } catch (JsonProcessingException e) {
                throw new ConfigException("--set " + o + ": cannot parse the value");
            }
            ObjectNode node = root;
            for (int i = 0; i < keys.length - 1; i++) {
                JsonNode child = node.get(keys[i]);
                if (child == null || !child.isObject()) {
                    child = node.putObject(keys[i]);
                }
                node = (ObjectNode) child;
            }
            node.set(keys[keys.length - 1],
                    value == null || value.isMissingNode() ? JsonNodeFactory.instance.nullNode()
                            : value);
        }
        return root;
    }

    /** Binds a tree to a record, mapping Jackson's failures to one line. */
    public static <T> T bind(JsonNode tree, Class<T> type, String label) {
        try {
            return YAML.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : " (known: " + e
                    .getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", ")) + ")";
            throw new ConfigException(label + ": " + path(e) + ": unknown field" + known, e);
        } catch (ValueInstantiationException e) {
            Throwable c = e.getCause();
            if (c instanceof FieldException f) {
                String p = path(e);
                String full = p.isEmpty() ? f.field() : p + "." + f.field();
                throw new ConfigException(label + ": " + full + ": " + f.getMessage(), e);
            }
            throw new ConfigException(label + ": " + path(e) + ": "
                    + (c == null ? e.getOriginalMessage() : c.getMessage()), e);
        } catch (InvalidFormatException e) {
            throw new ConfigException(label + ": " + path(e) + ": expected "
                    + kind(e.getTargetType()) + ", got '" + e.getValue() + "'", e);
        } catch (MismatchedInputException e) {
            throw new ConfigException(label + ": " + path(e) + ": expected "
                    + kind(e.getTargetType()) + got(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(label + ": " + e.getOriginalMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(label + ": " + e.getMessage(), e);
        }
    }

    /** The offending scalar, when the parser still sits on it. */
    private static String got(MismatchedInputException e) {
        try {
            if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p
                    && p.currentToken() != null && p.currentToken().isScalarValue()) {
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

    /** The resolved config as YAML, the form written into every run directory. */
    public static String toYaml(Object config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Canonical JSON of a config, for hashing. */
    public static String toJson(Object config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SHA-256 of the canonical JSON: two runs with the same hash ran the same config. */
    public static String hash(Object config) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(
                    md.digest(toJson(config).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses YAML text (used to read back a run directory's config.yaml). */
    public static RunConfig parseYaml(String yaml, String label) {
        try {
            JsonNode tree = YAML.readTree(yaml);
            return bind(tree, RunConfig.class, label);
        } catch (JsonParseException e) {
            throw new ConfigException(label + ": " + syntax(e), e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(label + ": " + e.getOriginalMessage(), e);
        }
    }
}

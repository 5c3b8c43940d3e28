package org.adabayes.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.adabayes.io.UserInputException;

/**
 * Reads YAML or JSON (by extension) into records, applying {@code --set key.path=value} overrides
 * to the tree first; every failure is one line ({@link JacksonErrors}).
 */
public final class ConfigLoader {
    private ConfigLoader() {}

    /** Loads a run config from a file, with overrides applied in order. */
    public static RunConfig load(Path file, List<String> overrides) {
        return load(file, overrides, RunConfig.class);
    }

    /** Loads any config record (run config, sweep grid) from a file with overrides. */
    public static <T> T load(Path file, List<String> overrides, Class<T> type) {
        return bind(applyOverrides(readTree(file), overrides), type, file.toString());
    }

    /** Reads a YAML or JSON file into a tree, with one-line errors for IO and syntax. */
    public static JsonNode readTree(Path file) {
        String label = file.toString();
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new UserInputException(label + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(label + ": cannot read: " + e.getMessage(), e);
        }
        try {
            JsonNode tree = ConfigCodec.mapperFor(file).readTree(text);
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                return JsonNodeFactory.instance.objectNode();
            }
            if (!tree.isObject()) {
                throw new UserInputException(label
                        + ": the top level must be a mapping of fields");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new UserInputException(label + ": " + JacksonErrors.syntax(e), e);
        }
    }

    /** Applies {@code a.b.c=value} overrides; values are parsed as YAML scalars or flow lists. */
    public static JsonNode applyOverrides(JsonNode tree, List<String> overrides) {
        ObjectNode root = tree.deepCopy();
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--set " + o + ": expected key.path=value");
            }
            String[] keys = o.substring(0, eq).trim().split("\\.");
            JsonNode value;
            try {
                value = ConfigCodec.YAML.readTree(o.substring(eq + 1));
            } catch (JsonProcessingException e) {
                throw new UserInputException("--set " + o + ": cannot parse the value");
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
            return ConfigCodec.YAML.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw JacksonErrors.binding(e, label);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(label + ": " + e.getMessage(), e);
        }
    }
}

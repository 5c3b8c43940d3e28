package org.adabayes.config;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.adabayes.io.UserInputException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Reads YAML or JSON (by extension) into records, applying {@code --set key.path=value} overrides
 * to the tree first; every failure is one line ({@link JacksonErrors}).
 */
public final class ConfigLoader {
    private static final Pattern SPECIAL_FLOAT = Pattern.compile(
            "Malformed numeric value '[-+]?\\.(nan|NaN|NAN|inf|Inf|INF)'");

    private ConfigLoader() {}

    /** Loads a run config from a file, with overrides applied in order. */
    public static RunConfig load(Path file, List<String> overrides) {
        return load(file, overrides, RunConfig.class);
    }

    /** Loads any config record (run config, sweep grid) from a file with overrides. */
    public static <T> T load(Path file, List<String> overrides, Class<T> type) {
        return bind(applyOverrides(readTree(file), overrides), type, file.toString(),
                overrides);
    }

    /**
     * Reads a YAML or JSON file into a tree, with one-line errors for IO, encoding and syntax. An
     * empty file is an error: a config that sets nothing is more often a wrong file than a wish
     * for every default.
     */
    public static JsonNode readTree(Path file) {
        String label = file.toString();
        String text = text(file);
        try {
            JsonNode tree = parse(file, text);
            if (tree == null || tree.isMissingNode() || tree.isNull()
                    || (tree.isObject() && tree.isEmpty())) {
                throw new UserInputException(label + ": sets no field (an empty file; write "
                        + "at least the fields you mean, e.g. optimizer: {name: adabayes})");
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

    /**
     * The file's tree. Jackson's YAML parser rejects YAML's own .nan and .inf, which are numbers in
     * YAML; such a file is read by SnakeYAML instead (duplicate keys still refused), so that the
     * value reaches the field's validation and is refused there with the field's name.
     */
    private static JsonNode parse(Path file, String text) throws JsonProcessingException {
        return parse(ConfigCodec.mapperFor(file), text);
    }

    private static JsonNode parse(ObjectMapper mapper, String text)
            throws JsonProcessingException {
        try {
            return mapper.readTree(text);
        } catch (JsonParseException e) {
            if (mapper != ConfigCodec.YAML || !SPECIAL_FLOAT.matcher(
                    String.valueOf(e.getOriginalMessage())).find()) {
                throw e;
            }
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            Object data = new Yaml(new SafeConstructor(options)).load(text);
            return ConfigCodec.JSON.valueToTree(data);
        }
    }

    /** The file as UTF-8 text; a binary or otherwise undecodable file is named as such. */
    static String text(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UserInputException(file + ": no such file");
        } catch (IOException e) {
            throw new UserInputException(file + ": cannot read: " + e.getMessage(), e);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw new UserInputException(file + ": not a text file (a zero byte at offset "
                        + i + "); a config is YAML or JSON text");
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new UserInputException(file + ": not UTF-8 text; save the config as UTF-8");
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
                value = parse(ConfigCodec.YAML, o.substring(eq + 1));
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
        return bind(tree, type, label, List.of());
    }

    /**
     * Binds a tree read from {@code label} with {@code overrides} applied: a field whose value an
     * override set is blamed on the override, not on the file.
     */
    public static <T> T bind(JsonNode tree, Class<T> type, String label,
            List<String> overrides) {
        try {
            return ConfigCodec.YAML.treeToValue(tree, type);
        } catch (JsonProcessingException e) {
            throw JacksonErrors.binding(e, label, overrides);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(label + ": " + e.getMessage(), e);
        }
    }
}

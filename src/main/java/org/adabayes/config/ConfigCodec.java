package org.adabayes.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import org.adabayes.io.UserInputException;

/**
 * The two strict mappers every config goes through, and the forms a resolved config is written in:
 * YAML for the run directory, canonical JSON for its hash. Strict means unknown fields, nulls for
 * primitives and quoted numbers ("128" is not a batch size) are errors, not guesses.
 */
public final class ConfigCodec {
    static final ObjectMapper YAML = strict(YAMLMapper.builder(
            YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    // the optimizer's name is a field, as the user writes it, not a YAML tag
                    .disable(YAMLGenerator.Feature.USE_NATIVE_TYPE_ID)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
            .build());
    static final ObjectMapper JSON = strict(JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build());

    private ConfigCodec() {}

    private static ObjectMapper strict(ObjectMapper m) {
        m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        m.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        m.enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        m.disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
        for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float,
            LogicalType.Boolean}) {
            m.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        // a flag is true or false, not 1 (Jackson would read 1 as true)
        m.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        m.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return m;
    }

    /** The mapper for a file, by its extension. */
    static ObjectMapper mapperFor(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".json")) {
            return JSON;
        }
        if (n.endsWith(".yaml") || n.endsWith(".yml")) {
            return YAML;
        }
        throw new UserInputException(file
                + ": unknown config format (expected .yaml, .yml or .json)");
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

    /** A config as a tree (for matching fields by path). */
    public static JsonNode toTree(Object config) {
        return JSON.valueToTree(config);
    }

    /** SHA-256 of the canonical JSON: two runs with the same hash ran the same config. */
    public static String hash(Object config) {
        return sha256(toJson(config));
    }

    /** SHA-256 of a text, in hex. */
    public static String sha256(String text) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses YAML text (used to read back a run directory's config.yaml). */
    public static RunConfig parseYaml(String yaml, String label) {
        try {
            return ConfigLoader.bind(YAML.readTree(yaml), RunConfig.class, label);
        } catch (JsonProcessingException e) {
            throw new UserInputException(label + ": " + JacksonErrors.syntax(e), e);
        }
    }
}

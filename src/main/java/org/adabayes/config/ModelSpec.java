package org.adabayes.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import org.adabayes.io.FieldException;
import org.adabayes.io.UserInputException;
import org.adabayes.optim.PaperNetwork;

/**
 * Which network to train. {@code width} scales the ResNets' channels (1.0 = the paper's 64 base
 * channels); {@code growth} and {@code blocks} shrink DenseNet for CPU-scale runs.
 *
 * @param name resnet18 | resnet34 | densenet121
 * @param width channel multiplier for ResNets, default 1.0
 * @param growth DenseNet growth rate, default 32
 * @param blocks DenseNet block sizes, default [6, 12, 24, 16]
 */
public record ModelSpec(String name, Double width, Integer growth, List<Integer> blocks) {
    public static final List<String> NAMES = List.of("resnet18", "resnet34", "densenet121");

    public ModelSpec {
        name = name == null ? "resnet34" : name.toLowerCase(Locale.ROOT);
        FieldException.require(NAMES.contains(name), "name",
                "unknown model '" + name + "' (expected one of " + String.join(", ", NAMES) + ")");
        boolean dense = name.startsWith("densenet");
        FieldException.require(!dense || width == null, "width", "applies to ResNets only");
        FieldException.require(dense || (growth == null && blocks == null),
                growth != null ? "growth" : "blocks", "applies to DenseNet only");
        if (dense) {
            growth = growth == null ? 32 : growth;
            blocks = blocks == null ? List.of(6, 12, 24, 16) : List.copyOf(blocks);
            FieldException.require(growth > 0, "growth", "must be positive, got " + growth);
            FieldException.require(!blocks.isEmpty()
                    && blocks.stream().allMatch(b -> b != null && b > 0),
                    "blocks", "must be a non-empty list of positive block sizes, got " + blocks);
        } else {
            width = width == null ? 1.0 : width;
            FieldException.require(width > 0 && width <= 8, "width",
                    "must be in (0, 8], got " + width);
        }
    }

    /**
     * A model named on a command line, {@code name[@width]} (e.g. {@code resnet18@0.25}); the
     * error names the option.
     */
    public static ModelSpec parse(String text, String option) {
        String[] parts = text.split("@", -1);
        try {
            Double width = parts.length > 1 ? Double.valueOf(parts[1]) : null;
            if (parts.length > 2 || (width != null && parts[0].startsWith("densenet"))) {
                throw new NumberFormatException();
            }
            return new ModelSpec(parts[0], width, null, null);
        } catch (NumberFormatException e) {
            throw new UserInputException(option + ": '" + text + "' is not name[@width], e.g. "
                    + "resnet18@0.25 (width for ResNets only)");
        } catch (FieldException e) {
            throw new UserInputException(option + ": '" + text + "': " + e.field() + " "
                    + e.getMessage());
        }
    }

    @JsonIgnore
    public boolean isDenseNet() {
        return name.startsWith("densenet");
    }

    /**
     * A short label that tells scaled siblings apart from the paper's networks, e.g. resnet34,
     * resnet18@0.125, densenet121@g12-b2.4.6: what the report groups by.
     */
    @JsonIgnore
    public String label() {
        if (isDenseNet()) {
            boolean paper = growth == 32 && blocks.equals(List.of(6, 12, 24, 16));
            return paper ? name : name + "@g" + growth + "-b" + blocks.stream()
                    .map(String::valueOf).collect(java.util.stream.Collectors.joining("."));
        }
        return width == 1.0 ? name : name + "@" + width;
    }

    /** The paper's network this one is a scaled version of: protocol defaults follow it. */
    @JsonIgnore
    public PaperNetwork paperNetwork() {
        return isDenseNet() ? PaperNetwork.DENSENET121 : PaperNetwork.RESNET34;
    }
}

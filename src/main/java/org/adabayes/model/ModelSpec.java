package org.adabayes.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.adabayes.io.FieldException;
import org.adabayes.io.UserInputException;
import org.adabayes.model.NetworkKind.Family;
import org.adabayes.optim.PaperNetwork;

/**
 * Which network to train. {@code width} scales the ResNets' channels (1.0 = the paper's 64 base
 * channels); {@code growth} and {@code blocks} shrink DenseNet for CPU-scale runs.
 *
 * @param name an entry of {@link NetworkKind}: resnet18 | resnet34 | densenet121
 * @param width channel multiplier for ResNets, default 1.0
 * @param growth DenseNet growth rate, default 32
 * @param blocks DenseNet block sizes, default [6, 12, 24, 16]
 */
public record ModelSpec(String name, Double width, Integer growth, List<Integer> blocks) {
    public ModelSpec {
        name = name == null ? NetworkKind.RESNET34.id() : name.toLowerCase(Locale.ROOT);
        String given = name;
        NetworkKind kind = NetworkKind.byId(name).orElseThrow(() -> new FieldException("name",
                "unknown model '" + given + "' (expected one of "
                        + String.join(", ", NetworkKind.ids()) + ")"));
        boolean dense = kind.family() == Family.DENSENET;
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
            boolean dense = NetworkKind.byId(parts[0])
                    .map(k -> k.family() == Family.DENSENET).orElse(false);
            if (parts.length > 2 || (width != null && dense)) {
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

    /** The registry entry this spec names. */
    @JsonIgnore
    public NetworkKind kind() {
        return NetworkKind.byId(name).orElseThrow();
    }

    @JsonIgnore
    public boolean isDenseNet() {
        return kind().family() == Family.DENSENET;
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
                    .map(String::valueOf).collect(Collectors.joining("."));
        }
        return width == 1.0 ? name : name + "@" + width;
    }

    /** The paper's network this one is a scaled version of: protocol defaults follow it. */
    @JsonIgnore
    public PaperNetwork paperNetwork() {
        return kind().family().paper();
    }
}

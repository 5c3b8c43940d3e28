package org.adabayes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.adabayes.io.FieldException;

/**
 * A sweep: a base run config, axes whose values are crossed (keys are field paths such as
 * {@code optimizer.name}), and seeds. The paper's 36 runs are one of these, expanded by
 * {@link GridExpansion} rather than copied by hand.
 *
 * @param name a label for the sweep
 * @param base the fields every run shares (any run-config field)
 * @param axes field path to the values it takes, crossed in order
 * @param seeds the seeds each combination runs with (default [1])
 */
public record GridSpec(String name, ObjectNode base, Map<String, List<JsonNode>> axes,
        List<Long> seeds) {
    public GridSpec {
        name = name == null ? "sweep" : name;
        base = base == null ? JsonNodeFactory.instance.objectNode() : base;
        axes = axes == null ? Map.of() : new LinkedHashMap<>(axes);
        seeds = seeds == null ? List.of(1L) : List.copyOf(seeds);
        FieldException.require(!seeds.isEmpty(), "seeds", "must list at least one seed");
        for (Map.Entry<String, List<JsonNode>> e : axes.entrySet()) {
            FieldException.require(e.getValue() != null && !e.getValue().isEmpty(),
                    "axes." + e.getKey(), "must list at least one value");
            FieldException.require(!e.getKey().equals("seed"), "axes.seed",
                    "use the seeds field (or --seeds) for seeds");
        }
    }
}

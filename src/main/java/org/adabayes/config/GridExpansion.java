package org.adabayes.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.adabayes.io.UserInputException;

/**
 * Crosses a grid's axes with its seeds into planned runs, each validated as a run config, so a bad
 * value in one corner of the grid fails before anything trains. Where each run's directory is, is
 * the run directory's business ({@code rundir.RunPaths}).
 */
public final class GridExpansion {
    private GridExpansion() {}

    public static GridSpec load(Path file) {
        return ConfigLoader.load(file, List.of(), GridSpec.class);
    }

    /**
     * Expands the grid.
     *
     * @param seeds overrides the grid's seeds when not null
     * @param only {@code key.path=value} filters on the resolved config, all must match
     */
    public static List<PlannedRun> expand(GridSpec grid, String label, List<Long> seeds,
            List<String> only) {
        return expand(grid, label, seeds, only, List.of());
    }

    /**
     * Expands the grid with {@code --set} style overrides of its base, which every run shares; a
     * key the grid sweeps is refused (its values are the axis's: {@code --only} picks among
     * them).
     */
    public static List<PlannedRun> expand(GridSpec grid, String label, List<Long> seeds,
            List<String> only, List<String> overrides) {
        for (String o : overrides) {
            String key = o.contains("=") ? o.substring(0, o.indexOf('=')).trim() : o;
            if (grid.axes().containsKey(key) || key.equals("seed")) {
                throw new UserInputException("--set " + o + ": " + key + " is swept by the grid"
                        + (key.equals("seed") ? " (use --seeds)" : " (use --only " + key
                                + "=VALUE to keep some of its values)"));
            }
        }
        if (!overrides.isEmpty()) {
            ObjectNode base = (ObjectNode) ConfigLoader.applyOverrides(grid.base(), overrides);
            grid = new GridSpec(grid.name(), base, grid.axes(), grid.seeds());
            label = label + " with --set " + String.join(" --set ", overrides);
        }
        List<Map.Entry<String, List<JsonNode>>> axes = new ArrayList<>(grid.axes().entrySet());
        List<List<String>> combos = new ArrayList<>();
        combos.add(List.of());
        for (Map.Entry<String, List<JsonNode>> axis : axes) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> c : combos) {
                for (JsonNode v : axis.getValue()) {
                    List<String> n = new ArrayList<>(c);
                    n.add(axis.getKey() + "=" + (v.isTextual() ? v.asText() : v.toString()));
                    next.add(n);
                }
            }
            combos = next;
        }
        List<PlannedRun> out = new ArrayList<>();
        for (List<String> combo : combos) {
            for (long seed : seeds != null ? seeds : grid.seeds()) {
                List<String> sets = new ArrayList<>(combo);
                sets.add("seed=" + seed);
                String where = label + " (" + String.join(", ", sets) + ")";
                JsonNode tree = ConfigLoader.applyOverrides(grid.base(), sets);
                RunConfig cfg = ConfigLoader.bind(tree, RunConfig.class, where);
                if (!matches(cfg, only)) {
                    continue;
                }
                out.add(new PlannedRun(out.size(), cfg, combo));
            }
        }
        if (out.isEmpty() && only != null && !only.isEmpty()) {
            throw new UserInputException("--only " + String.join(" --only ", only)
                    + ": matches none of the grid's runs");
        }
        return out;
    }

    static boolean matches(RunConfig cfg, List<String> only) {
        if (only == null || only.isEmpty()) {
            return true;
        }
        JsonNode tree = ConfigCodec.toTree(cfg);
        for (String o : only) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new UserInputException("--only " + o + ": expected key.path=value");
            }
            JsonNode n = tree;
            for (String k : o.substring(0, eq).split("\\.")) {
                n = n == null ? null : n.get(k);
            }
            if (n == null) {
                throw new UserInputException("--only " + o + ": no such field in a run config");
            }
            String want = o.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
            String have = (n.isTextual() ? n.asText() : n.toString()).toLowerCase(Locale.ROOT);
            if (!have.equals(want) && !(n.isNumber() && numEquals(n, want))) {
                return false;
            }
        }
        return true;
    }

    private static boolean numEquals(JsonNode n, String want) {
        try {
            return n.asDouble() == Double.parseDouble(want);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

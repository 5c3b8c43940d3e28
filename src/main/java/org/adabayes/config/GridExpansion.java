package org.adabayes.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Crosses a grid's axes with its seeds into planned runs, each validated as a run config (so a bad
 * value in one corner of the grid fails before anything trains) and given a unique directory:
 * {@code <dataset>-<model>/<optimizer>[+other=axis values]/seed-<n>}.
 */
public final class GridExpansion {
    private static final com.fasterxml.jackson.databind.ObjectMapper TREES =
            new com.fasterxml.jackson.databind.ObjectMapper();

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
        Set<String> dirs = new HashSet<>();
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
                String dir = directory(cfg, combo);
                if (!dirs.add(dir)) {
                    throw new ConfigException(label + ": two runs would share the directory "
                            + dir);
                }
                out.add(new PlannedRun(out.size(), cfg, dir));
            }
        }
        return out;
    }

    private static String directory(RunConfig cfg, List<String> combo) {
        StringBuilder extra = new StringBuilder();
        for (String s : combo) {
            String key = s.substring(0, s.indexOf('='));
            if (key.equals("dataset.name") || key.equals("optimizer.name")
                    || key.startsWith("model.")) {
                continue;
            }
            String shortKey = key.substring(key.lastIndexOf('.') + 1);
            extra.append('+').append(shortKey).append('=')
                    .append(s.substring(s.indexOf('=') + 1).replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        return cfg.dataset().name() + "-" + cfg.model().label() + "/" + cfg.optimizer().name()
                + extra + "/seed-" + cfg.seed();
    }

    static boolean matches(RunConfig cfg, List<String> only) {
        if (only == null || only.isEmpty()) {
            return true;
        }
        JsonNode tree = TREES.valueToTree(cfg);
        for (String o : only) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("--only " + o + ": expected key.path=value");
            }
            JsonNode n = tree;
            for (String k : o.substring(0, eq).split("\\.")) {
                n = n == null ? null : n.get(k);
            }
            if (n == null) {
                throw new ConfigException("--only " + o + ": no such field in a run config");
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

    /** Writes each planned run's resolved config (for clusters that want files, not a grid). */
    public static void writeConfigs(List<PlannedRun> runs, Path dir) throws java.io.IOException {
        for (PlannedRun r : runs) {
            Path f = dir.resolve(String.format(Locale.ROOT, "%03d-", r.index())
                    + r.relativeDir().replace('/', '_') + ".yaml");
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.writeString(f, ConfigLoader.toYaml(r.config()));
        }
    }
}

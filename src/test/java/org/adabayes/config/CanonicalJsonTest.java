package org.adabayes.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The canonical JSON (and YAML) of configs is what a run's identity hashes, so a change to how
 * configs are typed must leave it byte for byte. This binds every optimizer with every subset of
 * its hyper-parameters present (flags also set each way), on every network and two batch sizes,
 * from trees, not through any optimizer API, and compares one digest per optimizer, network and
 * batch with the digests the harness gave before its options became one record per rule
 * ({@code config/canonical-digests.txt}, written by the earlier code). Committed configs are
 * included the same way.
 */
class CanonicalJsonTest {
    private static final Path EXPECTED = Path.of("src/test/resources/config/canonical-digests.txt");

    /** Each optimizer's hyper-parameters as the config states them (before the change). */
    private static final Map<String, List<String>> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("sgd", List.of("lr", "momentum", "weightDecay"));
        FIELDS.put("adam", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "centred"));
        FIELDS.put("adagrad", List.of("lr", "eps", "weightDecay"));
        FIELDS.put("amsgrad", List.of("lr", "beta1", "beta2", "eps", "weightDecay"));
        FIELDS.put("adabound", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr",
                "gamma"));
        FIELDS.put("amsbound", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "finalLr",
                "gamma"));
        FIELDS.put("adamw", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "nawd",
                "centred"));
        FIELDS.put("adabayes-fp", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "etaSgd",
                "sigma2", "nawd", "centred"));
        FIELDS.put("adabayes", List.of("lr", "beta1", "weightDecay", "etaSgd", "sigma2",
                "exactPrior", "nawd", "centred"));
        FIELDS.put("adabayes-kf", List.of("lr", "beta1", "beta2", "eps", "weightDecay", "etaSgd",
                "sigma2", "nawd", "refreshEvery"));
    }

    private static final Map<String, Object> VALUES = Map.ofEntries(Map.entry("lr", 0.05),
            Map.entry("momentum", 0.5), Map.entry("beta1", 0.8), Map.entry("beta2", 0.99),
            Map.entry("eps", 1e-6), Map.entry("weightDecay", 1e-4), Map.entry("finalLr", 0.05),
            Map.entry("gamma", 2e-3), Map.entry("etaSgd", 0.2), Map.entry("sigma2", 3e-3),
            Map.entry("refreshEvery", 7));

    private static boolean flag(String f) {
        return f.equals("exactPrior") || f.equals("nawd") || f.equals("centred");
    }

    /** Every config of one optimizer, network and batch size, as trees. */
    static List<JsonNode> trees(String optimizer, String network, int batch) {
        List<String> fields = FIELDS.get(optimizer);
        List<JsonNode> out = new ArrayList<>();
        int n = fields.size();
        int combos = 1;
        for (String f : fields) {
            combos *= flag(f) ? 3 : 2;
        }
        for (int c = 0; c < combos; c++) {
            ObjectNode root = JsonNodeFactory.instance.objectNode();
            root.putObject("model").put("name", network);
            root.put("batchSize", batch);
            ObjectNode o = root.putObject("optimizer");
            o.put("name", optimizer);
            int rest = c;
            for (int i = 0; i < n; i++) {
                String f = fields.get(i);
                int k = flag(f) ? 3 : 2;
                int choice = rest % k;
                rest /= k;
                if (choice == 0) {
                    continue;
                }
                if (flag(f)) {
                    o.put(f, choice == 1);
                } else if (VALUES.get(f) instanceof Integer v) {
                    o.put(f, v);
                } else {
                    o.put(f, (Double) VALUES.get(f));
                }
            }
            out.add(root);
        }
        // integers where numbers are expected, as `--set optimizer.lr=1` gives them
        ObjectNode ints = JsonNodeFactory.instance.objectNode();
        ints.putObject("model").put("name", network);
        ints.put("batchSize", batch);
        ints.putObject("optimizer").put("name", optimizer).put("lr", 1);
        out.add(ints);
        // the name in another case and spelling
        ObjectNode upper = JsonNodeFactory.instance.objectNode();
        upper.putObject("model").put("name", network);
        upper.put("batchSize", batch);
        upper.putObject("optimizer").put("name",
                optimizer.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        out.add(upper);
        return out;
    }

    /** The digest of the canonical JSON and YAML of every config in a list. */
    static String digest(List<JsonNode> trees) {
        StringBuilder all = new StringBuilder();
        for (JsonNode t : trees) {
            RunConfig c = ConfigLoader.bind(t, RunConfig.class, "tree");
            String json = ConfigCodec.toJson(c);
            String yaml = ConfigCodec.toYaml(c);
            RunConfig back = ConfigCodec.parseYaml(yaml, "config.yaml");
            assertEquals(json, ConfigCodec.toJson(back), "round trip of " + t);
            all.append(json).append('\n').append(yaml).append('\n');
        }
        return ConfigCodec.sha256(all.toString());
    }

    static Map<String, String> actual() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String optimizer : FIELDS.keySet()) {
            for (String network : List.of("resnet34", "densenet121", "resnet18")) {
                for (int batch : new int[] {128, 64}) {
                    out.put(optimizer + " " + network + " " + batch,
                            digest(trees(optimizer, network, batch)));
                }
            }
        }
        List<Path> committed;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("configs")),
                Files.walk(Path.of("results")))) {
            committed = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
        }
        for (Path p : committed) {
            List<RunConfig> configs = new ArrayList<>();
            if (ConfigLoader.readTree(p).has("axes")) {
                GridExpansion.expand(GridExpansion.load(p), p.toString(), List.of(1L, 2L),
                        List.of()).forEach(r -> configs.add(r.config()));
            } else {
                configs.add(ConfigLoader.load(p, List.of()));
            }
            StringBuilder all = new StringBuilder();
            for (RunConfig c : configs) {
                all.append(ConfigCodec.toJson(c)).append('\n').append(ConfigCodec.toYaml(c));
            }
            out.put(p.toString().replace(' ', '_'), ConfigCodec.sha256(all.toString()));
        }
        return out;
    }

    @Test
    void canonicalJsonOfEveryOptimizerConfigIsAsBefore() throws IOException {
        Map<String, String> actual = actual();
        StringBuilder text = new StringBuilder();
        actual.forEach((k, v) -> text.append(k).append(' ').append(v).append('\n'));
        if (Boolean.getBoolean("adabayes.writeDigests")) {
            Files.writeString(EXPECTED, text.toString());
        }
        assertEquals(Files.readString(EXPECTED), text.toString());
    }
}

package org.adabayes.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.adabayes.config.Method;

/** The paper's own Table 1 (single runs), shipped as a resource, to set beside a user's numbers. */
public final class PaperTable {
    private static final Map<String, double[]> VALUES = new HashMap<>();
    private static final Set<String> GROUPS = new HashSet<>();

    static {
        load();
    }

    private PaperTable() {}

    private static void load() {
        try (InputStream in = PaperTable.class.getResourceAsStream("paper-table1.csv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                String[] f = lines[i].trim().split(",");
                if (f.length == 5) {
                    VALUES.put(key(f[0], f[1], f[2]), new double[] {Double.parseDouble(f[3]),
                        Double.parseDouble(f[4])});
                    GROUPS.add(f[1] + "|" + f[2]);
                }
            }
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("paper-table1.csv resource missing", e);
        }
    }

    private static String key(String optimizer, String dataset, String model) {
        return optimizer.toLowerCase(Locale.ROOT) + "|" + dataset + "|" + model;
    }

    /**
     * The paper's min test error (%) [0] and min test loss [1] (indexed by {@link Metric}'s
     * ordinal), or null if not in the paper.
     */
    public static double[] lookup(Method optimizer, String dataset, String model) {
        return optimizer.isPaperRule()
                ? VALUES.get(key(optimizer.optimizerName(), dataset, model)) : null;
    }

    /** Whether (dataset, model) is one of the paper's four columns pairs. */
    public static boolean covers(String dataset, String model) {
        return GROUPS.contains(dataset + "|" + model);
    }
}
